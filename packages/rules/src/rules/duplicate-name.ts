import { dnsName, dnsNameHash, type Node } from '@meshplan/model';
import { defineRule } from '../define.js';

export default defineRule({
  meta: {
    id: 'duplicate-name',
    severity: 'error',
    description: 'Two nodes whose names map to the same DNS-1123 name.',
    options: {},
    fixable: false,
  },
  check(model, { report }) {
    const nodes = model.nodes;
    // First by hash, in a table of node positions: deciding that no two names meet (the usual
    // case) builds no label and no map of thousands of names. Nodes whose hash meets an earlier
    // one's are suspects; only they get their labels built and compared.
    // Hashes as 32-bit integers in a typed array: in a plain array most would be boxed numbers.
    const hashes = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) hashes[i] = dnsNameHash((nodes[i] as Node).name) | 0;
    const suspect = suspectsByHash(hashes);
    if (suspect === undefined) return;
    const groups = new Map<string, Node[]>();
    nodes.forEach((node, i) => {
      if (suspect[i] === 0) return;
      const name = dnsName(node.name);
      const group = groups.get(name);
      if (group === undefined) groups.set(name, [node]);
      else group.push(node);
    });
    for (const [name, group] of groups) {
      if (group.length < 2) continue;
      report({
        message:
          `${group.map((node) => `"${node.name}"`).join(', ')} all become "${name}" in exported files: ` +
          'they would overwrite each other; rename all but one.',
        elements: group.map((node) => node.id),
      });
    }
  },
});

/** Marks (1) every position whose hash another position shares; undefined when none does. */
function suspectsByHash(hashes: Int32Array): Uint8Array | undefined {
  let capacity = 16;
  while (capacity < hashes.length * 2) capacity *= 2;
  const mask = capacity - 1;
  // Open addressing: slot → first position with that hash, + 1 (0 is empty).
  const table = new Int32Array(capacity);
  let suspect: Uint8Array | undefined;
  for (let i = 0; i < hashes.length; i++) {
    const hash = hashes[i] as number;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const first = (table[slot] as number) - 1;
      if (first === -1) {
        table[slot] = i + 1;
        break;
      }
      if (hashes[first] === hash) {
        suspect ??= new Uint8Array(hashes.length);
        suspect[first] = 1;
        suspect[i] = 1;
        break;
      }
    }
  }
  return suspect;
}
