// A status flag as the operator reads it: state, attempt, when, and the error or the result.
import { h, badge, time, facts, json } from '../dom.js';

export function flagPanel(flag) {
  return h('section', { class: 'panel flag', 'data-state': flag.state },
    h('h2', {}, 'Status flag ', badge(flag.state)),
    facts([
      ['Job', flag.job],
      ['Subject', h('span', { class: 'mono' }, flag.subject)],
      ['State', badge(flag.state)],
      ['Attempt', flag.attempt],
      ['Updated', time(flag.updatedAt)],
      ['Idempotency key', h('span', { class: 'mono' }, flag.idempotencyKey)],
      flag.error ? ['Error', h('span', { class: 'error-text' }, `${flag.error.code}: ${flag.error.message}`)] : undefined,
    ].filter(Boolean)),
    flag.result !== undefined && flag.result !== null
      ? h('details', {}, h('summary', {}, 'Result'), json(flag.result)) : null);
}
