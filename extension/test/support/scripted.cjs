// @ts-check
'use strict';

/**
 * A scripted prompter for the extension's switcher (`api().setPrompter`): answers its questions
 * in order and records what it asked and showed. Shared by the integration suites.
 */
function scripted(/** @type {any[]} */ answers) {
  const asked = /** @type {string[]} */ ([]);
  /** The labels of each pick's items, in order. */
  const lists = /** @type {string[][]} */ ([]);
  /** The same items as "label: description". */
  const details = /** @type {string[][]} */ ([]);
  /** What input boxes said of the values typed (a real box keeps them open: the next answer is typed in it). */
  const invalid = /** @type {string[]} */ ([]);
  const next = (/** @type {string} */ what) => {
    asked.push(what);
    if (answers.length === 0) throw new Error(`unexpected question: ${what}`);
    return answers.shift();
  };
  return {
    asked,
    lists,
    details,
    invalid,
    prompter: {
      /** @param {any[]} items @param {{title: string}} o */
      async pick(items, o) {
        lists.push(items.map((i) => i.label));
        details.push(items.map((i) => `${i.label}: ${i.description ?? ''}`));
        const want = next(`pick: ${o.title}`);
        if (want === undefined) return undefined;
        const item = items.find((i) => i.label === want || i.value === want || i.description === want);
        if (!item) throw new Error(`no item ${want} in ${o.title}: ${items.map((i) => i.label).join(', ')}`);
        return item;
      },
      /** @param {{title: string, password?: boolean, validate?: (v: string) => string | undefined}} o */
      async input(o) {
        let answer = next(`input${o.password ? ' (password)' : ''}: ${o.title}`);
        for (let why; typeof answer === 'string' && (why = o.validate?.(answer)); ) {
          invalid.push(why);
          answer = next(`input again: ${o.title}`);
        }
        return answer;
      },
      /** @param {string} m */
      async confirm(m) {
        return next(`confirm: ${m}`);
      },
    },
  };
}

module.exports = { scripted };
