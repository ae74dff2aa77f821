import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EditedText } from '../../server/src/analysis/edited-text';

test('a text put together from waiting edits equals the edits applied one by one', () => {
  const change = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.nat({ max: 6 }), text: fc.string({ maxLength: 4 }) });
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.array(change, { maxLength: 50 }), fc.array(fc.nat({ max: 49 }), { maxLength: 3 }), (base, changes, reads) => {
      let expected = base;
      let text = EditedText.of(base);
      for (const [i, c] of changes.entries()) {
        const start = Math.floor(c.at * expected.length);
        const end = Math.min(expected.length, start + c.len);
        expected = expected.slice(0, start) + c.text + expected.slice(end);
        text = text.with({ start, end, text: c.text });
        assert.equal(text.length, expected.length);
        // Reading in the middle of a run must not disturb what follows.
        if (reads.includes(i)) assert.equal(text.value, expected);
      }
      assert.equal(text.value, expected);
    }),
    { numRuns: 500, seed: 20261127 },
  );
});

test('an earlier version still reads as it was after later edits', () => {
  const first = EditedText.of('def f():\n    return 1\n');
  const second = first.with({ start: 20, end: 21, text: '2' });
  const third = second.with({ start: 0, end: 0, text: '# x\n' });
  assert.equal(third.value, '# x\ndef f():\n    return 2\n');
  assert.equal(second.value, 'def f():\n    return 2\n');
  assert.equal(first.value, 'def f():\n    return 1\n');
});
