// Flags: a job's status flag by its subject, with the runs of that subject and event.
import { h, show, route, every } from '../dom.js';
import { get, path } from '../api.js';
import { flagPanel } from './flag-panel.js';
import { runTable } from './run-table.js';

const JOBS = [
  { job: 'thumbnail', label: 'thumbnail (original key)', example: 'images/cat.jpg' },
  { job: 'orders', label: 'orders (order id)', example: 'A-1001' },
  { job: 'cleanup', label: 'cleanup (slot)', example: '2026-03-01T02:00:00Z' },
];

export function mount(main, { params }) {
  const job = params.get('job') || 'thumbnail';
  const subject = params.get('subject') || '';
  const subjectInput = h('input', { name: 'subject', id: 'flag-subject', value: subject, size: 40, required: true,
    placeholder: (JOBS.find((each) => each.job === job) || JOBS[0]).example });
  const jobSelect = h('select', { name: 'job', id: 'flag-job', onchange: () => {
    subjectInput.placeholder = (JOBS.find((each) => each.job === jobSelect.value) || JOBS[0]).example;
  } }, JOBS.map((each) => h('option', { value: each.job, selected: each.job === job }, each.label)));
  const form = h('form', { class: 'filters', id: 'flag-form', onsubmit: (event) => {
    event.preventDefault();
    location.hash = route('#/flags', { job: jobSelect.value, subject: subjectInput.value.trim() });
  } },
  h('label', {}, 'Job ', jobSelect), h('label', {}, 'Subject ', subjectInput),
  h('button', { type: 'submit', class: 'primary' }, 'Look up'));
  const body = h('div', { id: 'flag-detail' });
  show(main, h('h1', {}, 'Flags'), form, body);
  // a flag's history reads up to 500 run records: every few seconds is enough for a page one reads
  const due = every(5000);

  async function refresh() {
    if (!due()) return;
    if (!subject) {
      show(body, h('p', { class: 'muted' }, 'A flag is found by its job and subject: the original\'s key for a thumbnail, '
        + 'the order id for an order, the slot (UTC) for a cleanup.'));
      return;
    }
    let answer;
    try {
      answer = (await get(path('/flags', job, subject))).body;
    } catch (error) {
      if (error.status === 404 || error.status === 400) {
        show(body, h('p', { class: 'banner warn', id: 'flag-missing' }, error.message));
        return;
      }
      throw error;
    }
    show(body, flagPanel(answer.flag),
      h('h2', {}, 'Runs of this subject'),
      runTable(answer.runs, `No run found among the ${answer.scanned} most recent records read.`));
  }

  return { title: 'Flags', refresh };
}
