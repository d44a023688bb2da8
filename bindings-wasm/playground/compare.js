// The provider comparison view: facts, not behaviour (the core decides behaviour). Every fact
// comes from one of two sources, named in each table's caption; a cell they say nothing about
// says so rather than guessing.
//
// COMPARISON: the guide's chapter 28 "Cloud providers (Bedrock, Vertex, Foundry)" (last
// updated 2026-02-11), translated: its provider comparison table (auth, FedRAMP, cost tracking,
// monitoring, data residency), its "personal vs enterprise" table for the Anthropic column
// (account, authentication, cost, data, setup), and how each provider is turned on and
// authenticated from the same chapter. One fact from SPEC: Bedrock API keys
// (AWS_BEARER_TOKEN_BEDROCK, SPEC §4.2 and §8), which the chapter does not list.
// SUPPORT: what Claude Code supports per provider, from SPEC §9 (Claude Code's
// feature-availability documentation), with §4 and §6 where a cell says so.

/** A cell the chapter has nothing on. */
const NOT_IN_CHAPTER = "Not in the chapter";

export const COMPARISON = {
  source: "Guide, chapter 28 — the provider comparison table, and its personal (Anthropic direct) vs enterprise (cloud provider) table for the first column (2026-02-11); Bedrock API keys from SPEC §4.2",
  providers: ["Anthropic (direct, personal)", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry"],
  rows: [
    { fact: "Account", values: ["Personal Anthropic account", "Company AWS account", "Company Google Cloud account", "Company Azure account"] },
    { fact: "Turn on with", values: ["Nothing to set (ready to use)", "CLAUDE_CODE_USE_BEDROCK=1", "CLAUDE_CODE_USE_VERTEX=1", "CLAUDE_CODE_USE_FOUNDRY=1"] },
    { fact: "Authentication", values: ["Anthropic login", "IAM (profiles, SSO, temporary credentials), or a Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)", "Google Cloud (gcloud auth application-default login)", "Azure AD / Microsoft Entra ID (az login, or an API key)"] },
    { fact: "FedRAMP", values: [NOT_IN_CHAPTER, "Not applicable", "High", "Not applicable"] },
    { fact: "Cost tracking (billing)", values: ["Paid by personal card", "AWS Cost Explorer", "Cloud Billing", "Azure Billing"] },
    { fact: "Monitoring", values: [NOT_IN_CHAPTER, "CloudWatch", "Cloud Monitoring", "Azure Monitor"] },
    { fact: "Data residency", values: ["Through Anthropic's servers", "Per region", "Per region", "Per region"] },
  ],
};

const Y = "Yes";
const N = "No";
/** SPEC says nothing about it for this provider. */
const NS = "Not stated";
/** Claude Platform on Google Cloud: read by the binary, undocumented, no capture (SPEC §1.1, §4.5). */
const NC = "Not captured";

export const SUPPORT = {
  source: "SPEC §9 (Claude Code's feature-availability documentation), and §4 and §6 where a cell names them. The Anthropic API has what §9 lists as missing elsewhere; §9's rules for all third-party providers (3P) are applied to Mantle too. Claude Platform on Google Cloud is read by the binary but undocumented and not captured (SPEC §1.1, §4.5). “Not stated”: SPEC says nothing about it.",
  providers: ["Anthropic API", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry", "Amazon Bedrock Mantle", "Claude Platform on AWS", "Claude Platform on Google Cloud"],
  rows: [
    { feature: "Web search", values: [Y, N, "Depends on the model", "Only on Anthropic-hosted deployments", NS, Y, NC] },
    { feature: "Fast mode", values: [Y, N, N, N, NS, N, NC] },
    { feature: "Advisor", values: [Y, N, N, N, NS, N, NC] },
    { feature: "Cross-session messaging", values: [Y, N, NS, NS, NS, NS, NC] },
    { feature: "Channels", values: [Y, N, NS, NS, NS, NS, NC] },
    { feature: "Auto mode, /loop", values: [Y, "With caveats", NS, NS, NS, NS, NC] },
    { feature: "/login and /logout", values: [Y, "Disabled", "Disabled", "Disabled (Azure credentials)", "Disabled", "Disabled", NC] },
    { feature: "Tool search", values: [Y + " (off by default behind a non-Anthropic ANTHROPIC_BASE_URL)", Y + " (its beta is sent, §4.2)", "Not on models before 4.5", "Not on Azure-hosted deployments", NS, NS, NC] },
    { feature: "Startup model check and fallback", values: [NS, Y + " (none with skip-auth, §4.2)", Y + " (none with skip-auth, §4.3)", N, "A startup probe is captured (§4.5); fallback not stated", NS, NC] },
    { feature: "context_management in the request body", values: [Y, "Omitted", "Omitted", Y, Y + " (Anthropic-shaped, §6)", Y + " (Anthropic-shaped, §6)", NC] },
    { feature: "Subscription-only features (web, mobile, Slack, Remote Control, Chrome, routines, ultrareview, artifacts, voice)", values: ["With a Claude subscription login", N, N, N, N, N, NC] },
  ],
};
