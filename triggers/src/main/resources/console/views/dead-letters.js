// Dead letters: per blob trigger and per queue, with the reason; replay or redrive one, redrive all.
// A queue's dead letters are listed by receiving them for a moment (the API makes them visible again at
// once), so the list is read when the page opens, after an action and when the queue's count changes;
// the count itself is read every refresh, receiving nothing.
import { h, show, badge, time, short, table } from '../dom.js';
import { get, path, query } from '../api.js';
import { act } from '../actions.js';

export function mount(main, { context }) {
  const blobs = h('div', { id: 'blob-dead-letters' });
  const queues = h('div', { id: 'queue-dead-letters' });
  show(main, h('h1', {}, 'Dead letters'), blobs, queues);
  const listed = new Map(); // queue -> { depth, listing, section }

  async function refresh() {
    const blobLetters = (await get('/dead-letters?limit=100')).body.deadLetters || {};
    show(blobs, Object.entries(blobLetters).map(([trigger, letters]) => blobSection(trigger, letters, context)));
    const queueNames = context.triggers.filter((trigger) => trigger.type === 'queue').flatMap((trigger) => trigger.queues);
    for (const queue of queueNames) {
      await refreshQueue(queue);
    }
    show(queues, queueNames.map((queue) => listed.get(queue).section));
  }

  async function refreshQueue(queue, force = false) {
    let entry = listed.get(queue);
    if (!entry) {
      entry = { depth: null, listing: null, section: h('section', { class: 'panel', 'data-queue': queue }) };
      listed.set(queue, entry);
    }
    let depth;
    try {
      depth = (await get(path('/dead-letters/queues', queue, 'count'))).body;
    } catch (error) {
      show(entry.section, h('h2', {}, `Queue ${queue}`), h('p', { class: 'banner warn' }, error.message));
      return;
    }
    const changed = !entry.depth || entry.depth.waiting !== depth.waiting;
    entry.depth = depth;
    if (force || changed || !entry.listing) {
      entry.listing = (await get(`${path('/dead-letters/queues', queue)}${query({ max: 100 })}`)).body;
    }
    // rebuilt only when something changed, so that a message's body opened to read stays open
    const signature = JSON.stringify([depth, entry.listing]);
    if (signature !== entry.signature) {
      entry.signature = signature;
      show(entry.section, ...queueSection(queue, entry, () => refreshQueue(queue, true).then(() => context.refreshNow())));
    }
  }

  return { title: 'Dead letters', refresh };
}

function blobSection(trigger, letters, context) {
  return h('section', { class: 'panel', 'data-trigger': trigger },
    h('h2', {}, `Blob trigger ${trigger} `, letters.length ? badge(`${letters.length}${letters.length >= 100 ? '+' : ''} waiting`, 'bad')
      : badge('none waiting', 'muted')),
    table(['Dead-lettered', 'Object', 'Change', 'Attempts', 'Reason', 'Event', ''],
      letters.map((letter) => h('tr', { 'data-id': letter.id },
        h('td', {}, time(letter.deadLetteredAt)),
        h('td', { class: 'subject' }, short(letter.change && `${letter.change.bucket}/${letter.change.key}`, 48)),
        h('td', {}, letter.change ? letter.change.change : ''),
        h('td', { class: 'num' }, letter.attempts),
        h('td', { class: 'error-text' }, letter.lastError || ''),
        h('td', {}, short(letter.eventId, 14)),
        h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-action': 'replay', 'data-id': letter.id,
          onclick: async () => {
            const answer = await act({
              title: `Replay ${letter.change ? letter.change.key : letter.id}`,
              message: `The change is invoked again on ${trigger}, with fresh attempts.`,
              confirmLabel: 'Replay', path: path('/dead-letters', trigger, letter.id, 'replay'),
              describe: (body) => `Replaying event ${body.eventId}.`,
            });
            if (answer) context.refreshNow();
          } }, 'Replay')))),
      'No dead letters: every change was settled.'));
}

function queueSection(queue, entry, reload) {
  const { depth, listing } = entry;
  const messages = listing ? listing.messages : [];
  const total = depth.waiting + depth.held;
  return [
    h('h2', {}, `Queue ${queue} `, h('span', { class: 'muted' }, `→ ${depth.deadLetterQueue} `),
      total ? badge(`${total} waiting`, 'bad') : badge('none waiting', 'muted')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: reload }, 'Refresh list'),
      total ? h('button', { type: 'button', class: 'primary', 'data-action': 'redrive-all', 'data-queue': queue,
        onclick: async () => {
          const answer = await act({
            title: `Redrive all of ${depth.deadLetterQueue}`,
            message: `Every dead letter of ${depth.deadLetterQueue} (${total}) goes back to ${queue}, and is processed again.`,
            confirmLabel: 'Redrive all', path: `${path('/dead-letters/queues', queue, 'redrive')}`, describe: describeRedrive,
          });
          if (answer) await reload();
        } }, `Redrive all (${total})`) : null),
    table(['Sent to DLQ', 'Message', 'Reason', 'Receives', 'Copies', 'Body', ''],
      messages.map((message) => h('tr', { 'data-message-id': message.messageId },
        h('td', {}, time(message.sentAt)),
        h('td', {}, short(message.originalMessageId || message.messageId, 14),
          message.alreadyRedrivenAt ? h('div', { class: 'muted' }, 'redriven before, a copy left behind') : null),
        h('td', { class: 'error-text' }, message.reason || h('span', { class: 'muted' }, 'moved by the queue after its last receive')),
        h('td', { class: 'num' }, message.receiveCount),
        h('td', { class: 'num' }, message.copies),
        h('td', { class: 'body' }, h('details', {}, h('summary', {}, short(message.body, 60)), h('pre', { class: 'json' }, message.body))),
        h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-action': 'redrive', 'data-message-id': message.messageId,
          onclick: async () => {
            const answer = await act({
              title: `Redrive ${short(message.originalMessageId || message.messageId, 14).textContent}`,
              message: `This message goes back to ${queue} and is processed again.`,
              confirmLabel: 'Redrive', path: `${path('/dead-letters/queues', queue, 'redrive')}${query({ messageId: message.messageId })}`,
              describe: describeRedrive,
            });
            if (answer) await reload();
          } }, 'Redrive')))),
      total ? 'Listing…' : 'No dead letters in this queue.'),
    listing && listing.truncated ? h('p', { class: 'muted' }, 'The first 100 are shown.') : null,
  ];
}

function describeRedrive(report) {
  const parts = [`${report.moved} sent back to ${report.queue}`];
  if (report.duplicatesDropped) parts.push(`${report.duplicatesDropped} extra copies dropped`);
  if (report.alreadyRedrivenDropped) parts.push(`${report.alreadyRedrivenDropped} redriven before, dropped`);
  return `${parts.join(', ')}.`;
}
