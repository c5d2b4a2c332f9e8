// Runs: newest first across triggers, filtered by trigger, outcome, subject and idempotency key (one
// event across its attempts, deferrals, replays and redrives), a page at a time. The first page
// follows new runs while open; older pages stand still.
import { h, show, route, every } from '../dom.js';
import { get, query } from '../api.js';
import { runTable } from './run-table.js';

const OUTCOMES = ['succeeded', 'failed', 'rejected', 'deferred', 'skipped'];
const LIMIT = 30;
// a filtered page may read up to 500 records to fill itself: it refreshes less often than the plain one
const FILTERED_REFRESH_MS = 5000;

export function mount(main, { params, context }) {
  const filter = {
    trigger: params.get('trigger') || '', outcome: params.get('outcome') || '',
    subject: params.get('subject') || '', key: params.get('key') || '',
  };
  const before = params.get('before') || '';
  const triggerSelect = h('select', { name: 'trigger', id: 'filter-trigger' }, h('option', { value: '' }, 'all triggers'));
  const form = h('form', { class: 'filters', id: 'runs-filter', onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = route('#/runs', Object.fromEntries([...data.entries()].map(([name, value]) => [name, value.trim()])));
  } },
  h('label', {}, 'Trigger ', triggerSelect),
  h('label', {}, 'Outcome ', h('select', { name: 'outcome', id: 'filter-outcome' }, h('option', { value: '' }, 'any'),
    OUTCOMES.map((outcome) => h('option', { value: outcome, selected: outcome === filter.outcome }, outcome)))),
  h('label', {}, 'Subject ', h('input', { name: 'subject', id: 'filter-subject', value: filter.subject,
    placeholder: 'images/cat.jpg, A-1001, a slot', size: 24 })),
  h('label', {}, 'Idempotency key ', h('input', { name: 'key', id: 'filter-key', value: filter.key,
    placeholder: 'queue:orders:A-1001#1', size: 28 })),
  h('button', { type: 'submit', class: 'primary' }, 'Filter'),
  h('a', { href: '#/runs', class: 'clear' }, 'Clear'));
  const rows = h('div', { id: 'runs-table' }, h('p', { class: 'muted' }, 'Loading…'));
  const pager = h('div', { class: 'pager' });
  show(main, h('h1', {}, 'Runs'), form, rows, pager);
  let marked = false;
  let loadedOnce = false;
  const filtered = Boolean(filter.outcome || filter.subject || filter.key);
  const due = every(filtered ? FILTERED_REFRESH_MS : 0);

  async function refresh() {
    fillTriggers(triggerSelect, context, filter.trigger);
    if (before && loadedOnce) return; // an older page does not change
    if (!due()) return;
    const page = (await get(`/runs${query({ ...filter, before, limit: LIMIT })}`)).body;
    loadedOnce = true;
    show(rows, runTable(page.runs, filtered
      ? `No run matches among the ${page.scanned} records read${page.next ? '; older ones may: see the next page' : ''}.`
      : 'No runs yet.'));
    show(pager,
      before ? h('a', { href: route('#/runs', filter) }, '← Newest')
        : h('span', { class: 'muted' }, `Newest first, updating every ${filtered ? FILTERED_REFRESH_MS / 1000 : 1} s`),
      h('span', { class: 'muted' }, ` · ${page.runs.length} shown, ${page.scanned} read `),
      page.next ? h('a', { href: route('#/runs', { ...filter, before: page.next }), id: 'older' }, 'Older →') : null);
    if (!marked && page.runs.length > 0) {
      marked = true;
      requestAnimationFrame(() => performance.mark('console:first-rows'));
    }
  }

  return { title: 'Runs', refresh };
}

function fillTriggers(select, context, chosen) {
  if (select.options.length > 1 || context.triggers.length === 0) {
    for (const option of select.options) {
      if (option.value) option.textContent = option.value + (context.isPaused(option.value) ? ' (paused)' : '');
    }
    return;
  }
  for (const trigger of context.triggers) {
    select.appendChild(h('option', { value: trigger.name, selected: trigger.name === chosen },
      trigger.name + (context.isPaused(trigger.name) ? ' (paused)' : '')));
  }
}
