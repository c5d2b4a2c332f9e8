// Overview: every trigger with its function, state, pause, sources' health, the last hour's runs by
// outcome, a timer's next slot, and the dead letters waiting.
import { h, show, badge, time, relative, link, route, facts } from '../dom.js';
import { get, path } from '../api.js';
import { act, pauseButton } from '../actions.js';

const OUTCOMES = ['succeeded', 'failed', 'rejected', 'deferred', 'skipped'];

export function mount(main, { context }) {
  const problems = h('div', { class: 'problems' });
  const cards = h('div', { class: 'cards', id: 'overview-cards' }, h('p', { class: 'muted' }, 'Loading…'));
  show(main, h('h1', {}, 'Overview'), problems, cards);
  let marked = false;
  // what the slower reads answered last: the cards are drawn with them first, then with the new answers
  let summary = null;
  let blobLetters = {};
  let queueDepths = {};

  async function refresh() {
    const triggers = (await get('/triggers')).body.triggers;
    const draw = () => show(cards, triggers.map((trigger) => card(trigger, summary, blobLetters, queueDepths, context)));
    renderProblems(problems, context.health);
    draw();
    if (!marked) {
      marked = true;
      requestAnimationFrame(() => performance.mark('console:overview-painted'));
    }
    summary = (await get('/runs/summary')).body;
    blobLetters = (await get('/dead-letters?limit=100')).body.deadLetters || {};
    queueDepths = await depths(triggers);
    draw();
  }

  return { title: 'Overview', refresh };
}

async function depths(triggers) {
  const byQueue = {};
  for (const trigger of triggers.filter((each) => each.type === 'queue')) {
    for (const queue of trigger.queues || []) {
      try {
        byQueue[queue] = (await get(path('/dead-letters/queues', queue, 'count'))).body;
      } catch (error) {
        byQueue[queue] = { error: error.message };
      }
    }
  }
  return byQueue;
}

function renderProblems(container, health) {
  const problems = (health && health.problems) || [];
  if (!health || health.status === 'up') {
    show(container);
    return;
  }
  show(container, h('div', { class: 'banner bad', role: 'alert' },
    h('strong', {}, 'The trigger layer is not healthy. '),
    problems.length === 0 ? 'It is stopping.' : h('ul', {}, problems.map((problem) =>
      h('li', {}, h('strong', {}, problem.trigger), ` · ${problem.source}`,
        problem.failingSince ? [' failing since ', time(problem.failingSince)] : ` · ${problem.state || ''}`,
        problem.lastError ? h('span', { class: 'error-text' }, `: ${problem.lastError}`) : null)))));
}

function card(trigger, summary, blobLetters, queueDepths, context) {
  const paused = Boolean(trigger.paused);
  return h('section', { class: `card${paused ? ' paused' : ''}`, 'data-trigger': trigger.name },
    h('header', {},
      h('h2', {}, trigger.name),
      badge(trigger.type, 'type'),
      badge(trigger.state),
      paused ? badge('paused') : null),
    trigger.description ? h('p', { class: 'description' }, trigger.description) : null,
    paused ? h('p', { class: 'paused-note' }, 'Paused since ', time(trigger.pausedSince),
      trigger.pauseReason ? ` — ${trigger.pauseReason}` : '', '. It takes no new work.') : null,
    facts([
      ['Function', `${trigger.app} / ${trigger.function}`],
      ['Sources', sources(trigger)],
      ['Last hour', lastHour(trigger.name, summary)],
      trigger.type === 'timer' ? ['Next slot', nextSlot(trigger)] : null,
      trigger.type === 'timer' && trigger.lastRun ? ['Last run', lastRun(trigger.lastRun)] : null,
      ['Dead letters', deadLetters(trigger, blobLetters, queueDepths)],
      trigger.lastError ? ['Last error', h('span', { class: 'error-text' }, trigger.lastError)] : null,
    ].filter(Boolean)),
    h('div', { class: 'actions' },
      link(route('#/runs', { trigger: trigger.name }), 'Runs'),
      pauseButton(trigger.name, paused, context),
      trigger.type === 'timer' ? runNowButton(trigger.name, context) : null));
}

function sources(trigger) {
  const list = trigger.sources || [];
  if (list.length === 0) return h('span', { class: 'muted' }, 'none reported yet');
  return h('ul', { class: 'sources' }, list.map((source) => h('li', {},
    badge(source.failing ? 'failing' : 'ok'), ' ', source.source,
    source.failing
      ? h('span', { class: 'error-text' }, ` since `, time(source.failingSince), `: ${source.lastError || ''}`)
      : source.lastSuccess ? h('span', { class: 'muted' }, ` · answered ${relative(source.lastSuccess)}`) : null)));
}

function lastHour(name, summary) {
  const counts = summary && summary.triggers && summary.triggers[name];
  if (!counts) return h('span', { class: 'muted' }, 'counting…');
  const chips = OUTCOMES.filter((outcome) => counts.outcomes[outcome] > 0).map((outcome) =>
    link(route('#/runs', { trigger: name, outcome }), badge(`${counts.outcomes[outcome]} ${outcome}`, badgeTone(outcome))));
  return h('span', { class: 'counts', 'data-runs': counts.runs },
    h('span', {}, `${counts.runs}${counts.more ? '+' : ''} run${counts.runs === 1 ? '' : 's'}`),
    chips.length ? ' ' : '', chips,
    counts.counted < counts.runs ? h('span', { class: 'muted' }, ` (counting: ${counts.counted} of ${counts.runs} read)`) : null);
}

function badgeTone(outcome) {
  return { succeeded: 'good', failed: 'bad', rejected: 'warn', deferred: 'info', skipped: 'muted' }[outcome];
}

function nextSlot(trigger) {
  if (!trigger.nextFireTime) return h('span', { class: 'muted' }, 'none');
  return h('span', {}, time(trigger.nextFireTime), h('span', { class: 'muted' }, ` (${relative(trigger.nextFireTime)})`),
    ' · ', h('span', { class: 'nowrap' }, `${trigger.schedule} ${trigger.timeZone}`));
}

function lastRun(last) {
  return h('span', {}, last.outcome ? badge(last.outcome) : null, ' slot ', time(last.slot),
    last.detail ? h('span', { class: 'muted' }, ` · ${last.detail}`) : null);
}

function deadLetters(trigger, blobLetters, queueDepths) {
  if (trigger.type === 'blob') {
    const letters = blobLetters[trigger.name];
    if (!letters) return h('span', { class: 'muted' }, '…');
    return waiting(letters.length, letters.length >= 100);
  }
  if (trigger.type === 'queue') {
    return h('span', {}, (trigger.queues || []).map((queue) => {
      const depth = queueDepths[queue];
      if (!depth) return null;
      if (depth.error) return h('span', { class: 'muted' }, `${queue}: ${depth.error} `);
      return h('span', { class: 'queue-depth', 'data-queue': queue }, waiting(depth.waiting + depth.held, false),
        h('span', { class: 'muted' }, ` in ${depth.deadLetterQueue} `));
    }));
  }
  return h('span', { class: 'muted' }, 'a failed slot is in its record: see Timers');
}

function waiting(count, more) {
  if (count === 0) return h('span', { class: 'muted' }, 'none waiting');
  return link('#/dead-letters', badge(`${count}${more ? '+' : ''} waiting`, 'bad'));
}

function runNowButton(name, context) {
  return h('button', {
    type: 'button', class: 'secondary', 'data-action': 'run-now', 'data-trigger': name,
    onclick: async () => {
      const answer = await act({
        title: `Run ${name} now`, message: `${name} runs once now, besides its schedule, on this instance.`,
        confirmLabel: 'Run now', path: `/timers/${encodeURIComponent(name)}/run`,
        describe: (body) => `Slot ${body && body.slot ? body.slot : ''}`,
      });
      if (answer) context.refreshNow();
    },
  }, 'Run now');
}
