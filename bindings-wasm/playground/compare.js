// The provider comparison view: facts, not behaviour (the core decides behaviour).
//
// COMPARISON: the comparison table of the guide's chapter 28 "Cloud providers (Bedrock, Vertex,
// Foundry)" (last updated 2026-02-11), translated: auth, FedRAMP, cost tracking (billing),
// monitoring, data residency; plus how each is turned on and authenticated, from the same
// chapter.
// SUPPORT: what Claude Code supports per provider, from Claude Code's feature-availability
// documentation as summarized in SPEC §9.

export const COMPARISON = {
  source: "Guide, chapter 28 — provider comparison table (2026-02-11)",
  providers: ["Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry"],
  rows: [
    { fact: "Turn on with", values: ["CLAUDE_CODE_USE_BEDROCK=1", "CLAUDE_CODE_USE_VERTEX=1", "CLAUDE_CODE_USE_FOUNDRY=1"], code: true },
    { fact: "Authentication", values: ["IAM (profiles, SSO, temporary credentials)", "Google Cloud (gcloud auth application-default login)", "Azure AD / Microsoft Entra ID (az login, or an API key)"] },
    { fact: "FedRAMP", values: ["Not applicable", "High", "Not applicable"] },
    { fact: "Cost tracking (billing)", values: ["AWS Cost Explorer", "Cloud Billing", "Azure Billing"] },
    { fact: "Monitoring", values: ["CloudWatch", "Cloud Monitoring", "Azure Monitor"] },
    { fact: "Data residency", values: ["Per region", "Per region", "Per region"] },
  ],
};

const Y = "Yes";
const N = "No";
export const SUPPORT = {
  source: "Claude Code documentation, feature availability per provider (SPEC §9)",
  providers: ["Anthropic API", "Amazon Bedrock", "Google Vertex AI", "Microsoft Foundry", "Claude Platform on AWS"],
  rows: [
    { feature: "Web search", values: [Y, N, "Depends on the model", "Only on Anthropic-hosted deployments", Y] },
    { feature: "Fast mode", values: [Y, N, N, N, N] },
    { feature: "Advisor", values: [Y, N, N, N, N] },
    { feature: "/login and /logout", values: [Y, "Disabled (cloud credentials)", "Disabled (cloud credentials)", "Disabled (Azure credentials)", "Disabled (cloud credentials)"] },
    { feature: "Tool search", values: [Y + " (off by default behind a non-Anthropic ANTHROPIC_BASE_URL)", Y, "Not on models before 4.5", "Not on Azure-hosted deployments", Y] },
    { feature: "Startup model check and fallback", values: [Y, Y, Y, N, Y] },
    { feature: "context_management in the request body", values: [Y, "Omitted", "Omitted", Y, Y] },
    { feature: "Subscription features (web, mobile, Slack, Remote Control, voice…)", values: ["With a Claude subscription login", N, N, N, N] },
  ],
};
