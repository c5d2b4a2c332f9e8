// One run: its record, the status flag of its subject, the Fn call id, and a way to follow its event.
import { h, show, badge, time, duration, facts, link, route } from '../dom.js';
import { get, path } from '../api.js';
import { flagPanel } from './flag-panel.js';

export function mount(main, { segments }) {
  const [trigger, id] = segments;
  const body = h('div', { id: 'run-detail' }, h('p', { class: 'muted' }, 'Loading…'));
  show(main, h('p', {}, link('#/runs', '← Runs')), h('h1', {}, 'Run'), body);

  async function refresh() {
    let answer;
    try {
      answer = (await get(path('/runs', trigger || '-', id || '-'))).body;
    } catch (error) {
      if (error.status === 404) {
        show(body, h('p', { class: 'banner warn' }, error.message));
        return;
      }
      throw error;
    }
    const run = answer.run;
    show(body,
      h('section', { class: 'panel' },
        h('h2', {}, `${run.trigger} `, badge(run.outcome)),
        facts([
          ['Trigger', run.trigger],
          ['Function', run.function],
          ['Outcome', badge(run.outcome)],
          ['Attempt', run.attempt],
          ['Started', time(run.startedAt)],
          ['Ended', time(run.endedAt)],
          ['Took', duration(run.startedAt, run.endedAt)],
          ['Fn status', run.fnStatus],
          ['Fn call id', h('span', { class: 'mono', id: 'fn-call-id' }, run.fnCallId || '–')],
          ['Event id', h('span', { class: 'mono' }, run.eventId)],
          ['Idempotency key', run.idempotencyKey ? h('span', {}, h('span', { class: 'mono' }, run.idempotencyKey), ' ',
            link(route('#/runs', { key: run.idempotencyKey }), 'follow this event')) : undefined],
          ['Retry after', run.retryAfter],
          ['Job / subject', run.job || run.subject ? `${run.job || '?'} / ${run.subject || '?'}` : undefined],
          ['Detail', run.detail ? h('span', { class: run.outcome === 'failed' ? 'error-text' : '' }, run.detail) : undefined],
          ['Run id', h('span', { class: 'mono muted' }, run.id)],
        ])),
      flagSection(answer, run));
  }

  return { title: 'Run', refresh };
}

function flagSection(answer, run) {
  if (answer.flagUnknown) return h('p', { class: 'muted' }, `No flag shown: ${answer.flagUnknown}`);
  const job = answer.flag ? answer.flag.job : run.job;
  const lookUp = link(route('#/flags', { job: job || '', subject: run.subject }), 'Open the flag with its history');
  if (!answer.flag) return h('p', { class: 'muted' }, `No flag (yet) at ${answer.flagAt} in the state bucket. `, lookUp);
  return h('div', {}, flagPanel(answer.flag), h('p', {}, lookUp));
}
