// Timers: schedule and zone, the next slot, the last slots with their outcome, skipped slots and why;
// run now, pause and resume.
import { h, show, badge, time, relative, facts, table, route, link } from '../dom.js';
import { get } from '../api.js';
import { act, pauseButton } from '../actions.js';

export function mount(main, { context }) {
  const body = h('div', { id: 'timers' }, h('p', { class: 'muted' }, 'Loading…'));
  show(main, h('h1', {}, 'Timers'), body);

  async function refresh() {
    const timers = (await get('/timers?slots=10')).body.timers;
    show(body, timers.length ? timers.map((timer) => section(timer, context))
      : h('p', { class: 'empty' }, 'No timer triggers.'));
  }

  return { title: 'Timers', refresh };
}

function section(timer, context) {
  const last = timer.lastRun || {};
  return h('section', { class: `panel${timer.paused ? ' paused' : ''}`, 'data-trigger': timer.name },
    h('header', {}, h('h2', {}, timer.name), badge(timer.state), timer.paused ? badge('paused') : null,
      timer.running ? badge('running') : null),
    facts([
      ['Function', timer.function],
      ['Schedule', h('span', { class: 'mono' }, timer.schedule)],
      ['Time zone', timer.timeZone],
      ['Next slot', timer.nextFireTime ? h('span', {}, time(timer.nextFireTime),
        h('span', { class: 'muted' }, ` (${relative(timer.nextFireTime)})`), timer.paused ? ' — skipped while paused' : '')
        : h('span', { class: 'muted' }, 'none')],
      ['Running', timer.running ? h('span', {}, 'slot ', time(timer.running.slot), `, attempt ${timer.running.attempt}, since `,
        time(timer.running.since)) : undefined],
      ['Last run', last.slot ? h('span', {}, last.outcome ? badge(last.outcome) : null, ' slot ', time(last.slot),
        last.detail ? h('span', { class: 'muted' }, ` · ${last.detail}`) : null) : h('span', { class: 'muted' }, 'none yet')],
      ['Skipped slots', timer.skippedSlots ? h('span', {}, `${timer.skippedSlots}, the last `, time(timer.lastSkippedSlot),
        timer.lastSkipReason ? `: ${timer.lastSkipReason}` : '') : undefined],
      ['Catch-up / overlap', `${timer.catchUp} (up to ${timer.maxCatchUpAge}) / ${timer.overlap}`],
      timer.scheduleError ? ['Schedule error', h('span', { class: 'error-text' }, timer.scheduleError)] : undefined,
      timer.statusError ? ['Status', h('span', { class: 'error-text' }, timer.statusError)] : undefined,
    ].filter(Boolean)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'data-action': 'run-now', 'data-trigger': timer.name, onclick: async () => {
        const answer = await act({
          title: `Run ${timer.name} now`, message: `${timer.name} runs once now, besides its schedule.`,
          confirmLabel: 'Run now', path: `/timers/${encodeURIComponent(timer.name)}/run`,
          describe: (record) => `Slot ${record && record.slot ? record.slot : ''} started.`,
        });
        if (answer) context.refreshNow();
      } }, 'Run now'),
      pauseButton(timer.name, timer.paused, context),
      link(route('#/runs', { trigger: timer.name }), 'Runs')),
    h('h3', {}, 'Last slots'),
    timer.recentSlotsError ? h('p', { class: 'error-text' }, timer.recentSlotsError)
      : table(['Slot', 'State', 'Attempts', 'How', 'Started', 'Ended', 'Detail'],
        (timer.recentSlots || []).map((slot) => h('tr', { 'data-slot': slot.slot },
          h('td', {}, link(route('#/flags', { job: 'cleanup', subject: slot.slot }), time(slot.slot))),
          h('td', {}, badge(slot.state)),
          h('td', { class: 'num' }, slot.attempts + (slot.deferrals ? ` (+${slot.deferrals} deferred)` : '')),
          h('td', {}, [slot.onDemand ? 'on demand' : 'scheduled', slot.pastDue ? ', late' : ''].join('')),
          h('td', {}, time(slot.startedAt)),
          h('td', {}, time(slot.endedAt)),
          h('td', { class: slot.state === 'failed' ? 'error-text' : 'muted' }, slot.detail || ''))),
        'No slot has come yet.'));
}
