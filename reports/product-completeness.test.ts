import { describe, expect, it } from 'vitest';
import type { RunResults } from '../core/results/model.js';
import { renderHtml } from './html-renderer.js';
import { renderJunit } from './junit-renderer.js';
import { renderText } from './text-renderer.js';
import { createConformantResults } from './test-support/sample-results.js';

/** How every renderer shows the declared product and the completeness next to the verdict. */

function certified(complete: boolean): RunResults {
  const results = createConformantResults();
  results.product = { vendor: 'Northstar', product: 'Digitron', version: '1.2.0', profile: 'application-package', edition: '1.0.0-rc.3', features: ['gateway'], contact: 'lab@northstar.test' };
  results.completeness = complete ? { decided: 2, undecided: [], complete: true } : { decided: 2, undecided: ['DS-003'], complete: false };
  return results;
}

const renderers: { name: string; render: (results: RunResults) => string; product: string; complete: string; partial: string[] }[] = [
  {
    name: 'text',
    render: (results) => renderText(results, { color: false }),
    product: '\nProduct:  Northstar Digitron 1.2.0\n',
    complete: '\nComplete: complete (2 of 2 core requirements decided)\n',
    partial: ['CONFORMANT (PARTIAL) ', '\nComplete: partial (2 of 3 core requirements decided)\n'],
  },
  {
    name: 'JUnit',
    render: renderJunit,
    product: '<property name="product" value="Northstar Digitron 1.2.0"/>',
    complete: '<property name="completeness" value="complete (2 of 2 core requirements decided)"/>',
    partial: ['<property name="completeness" value="partial (2 of 3 core requirements decided)"/>'],
  },
  {
    name: 'HTML',
    render: renderHtml,
    product: '<section id="product" class="panel" aria-label="Product"><h2>Northstar Digitron 1.2.0</h2>',
    complete: '<p class="verdict-completeness"><strong>Completeness:</strong> complete (2 of 2 core requirements decided)</p>',
    partial: ['<p class="verdict-title">Conformant (partial)</p>', '<strong>Completeness:</strong> partial (2 of 3 core requirements decided); not decided: <code>DS-003</code></p>'],
  },
];

describe.each(renderers)('the $name renderer', ({ render, product, complete, partial }) => {
  it('names the declared product', () => {
    expect(render(certified(true))).toContain(product);
  });

  it('shows a complete run as complete', () => {
    expect(render(certified(true))).toContain(complete);
  });

  it('shows a conformant run that left core requirements undecided as partial, never as plain conformant', () => {
    const text = render(certified(false));
    expect(partial.filter((expected) => !text.includes(expected))).toEqual([]);
  });

  it('shows no product and no completeness for a run that has neither', () => {
    const text = render(createConformantResults());
    expect([text.includes('Northstar Digitron 1.2.0'), /Completeness:<\/strong>|\nComplete: |name="completeness"/.test(text)]).toEqual([false, false]);
  });
});
