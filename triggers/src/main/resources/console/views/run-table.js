// The table of runs, shared by the Runs page and a flag's history: newest first, a row opens its run.
import { h, badge, time, duration, short, table } from '../dom.js';

export function runRoute(trigger, id) {
  return `#/run/${encodeURIComponent(trigger)}/${encodeURIComponent(id)}`;
}

export function runTable(runs, empty) {
  return table(['Started', 'Trigger', 'Subject', 'Outcome', 'Attempt', 'Took', 'Fn', 'Event', 'Idempotency key'],
    runs.map((run) => h('tr', {
      class: 'run', 'data-id': run.id, 'data-subject': run.subject, 'data-outcome': run.outcome, tabindex: 0,
      onclick: () => { location.hash = runRoute(run.trigger, run.id); },
      onkeydown: (event) => { if (event.key === 'Enter') location.hash = runRoute(run.trigger, run.id); },
    },
    h('td', {}, h('a', { href: runRoute(run.trigger, run.id) }, time(run.startedAt))),
    h('td', {}, run.trigger),
    h('td', { class: 'subject' }, short(run.subject, 40)),
    h('td', {}, badge(run.outcome)),
    h('td', { class: 'num' }, run.attempt),
    h('td', { class: 'num' }, duration(run.startedAt, run.endedAt)),
    h('td', { class: 'num' }, run.fnStatus || ''),
    h('td', {}, short(run.eventId, 14)),
    h('td', {}, short(run.idempotencyKey, 32)))), empty);
}
