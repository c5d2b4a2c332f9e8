// Admin actions: each asks first in a modal dialog, then shows what the trigger layer answered.
import { h, show } from './dom.js';
import { ApiError, post } from './api.js';

/** Asks in a modal <dialog>; resolves true when confirmed, false when cancelled (button or Escape). */
export function confirm(title, message, confirmLabel) {
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
    h('form', { method: 'dialog' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, message),
      h('div', { class: 'buttons' },
        h('button', { value: 'cancel', class: 'secondary', type: 'submit' }, 'Cancel'),
        h('button', { value: 'confirm', class: 'primary', type: 'submit', autofocus: true }, confirmLabel))));
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    dialog.showModal();
  });
}

/**
 * Runs an admin action after a confirmation: POST path, then the answer (or the refusal, a 401 naming
 * the token) in the page's result area. Resolves with the answer, or null when cancelled or refused.
 */
export async function act({ title, message, confirmLabel, path, body, describe }) {
  if (!(await confirm(title, message, confirmLabel))) return null;
  const area = document.getElementById('result');
  show(area, h('div', { class: 'result pending', role: 'status' }, `${title}…`));
  try {
    const answer = await post(path, body);
    show(area, h('div', { class: 'result ok', role: 'status' },
      h('span', { class: 'text' }, h('strong', {}, `${title}: done (${answer.status}). `), describe ? describe(answer.body) : ''),
      dismiss(area)));
    return answer;
  } catch (error) {
    const explanation = error instanceof ApiError ? error.explanation : String(error);
    show(area, h('div', { class: `result error${error.status === 401 ? ' unauthorized' : ''}`, role: 'alert' },
      // a 4xx is the trigger layer saying no; anything else is a failure to do it
      h('span', { class: 'text' }, h('strong', {}, `${title}: ${error.status >= 400 && error.status < 500 ? 'refused' : 'failed'}. `),
        explanation),
      dismiss(area)));
    if (error.status === 401) document.getElementById('token').classList.add('needed');
    return null;
  }
}

function dismiss(area) {
  return h('button', { class: 'link dismiss', type: 'button', 'aria-label': 'Dismiss', onclick: () => show(area) }, '×');
}

/** Pause or Resume for a trigger, as its state is now; refreshes the page once done. */
export function pauseButton(name, paused, context) {
  const action = paused ? 'resume' : 'pause';
  return h('button', {
    type: 'button', class: paused ? 'primary' : 'secondary', 'data-action': action, 'data-trigger': name,
    onclick: async () => {
      const answer = await act(paused
        ? { title: `Resume ${name}`, message: `${name} takes new work again, on every instance.`,
          confirmLabel: 'Resume', path: `/triggers/${encodeURIComponent(name)}/resume` }
        : { title: `Pause ${name}`, message: `${name} takes no new work on any instance until it is resumed. `
            + 'Work under way finishes; events wait in their queue or store.',
          confirmLabel: 'Pause', path: `/triggers/${encodeURIComponent(name)}/pause`,
          body: { reason: 'paused from the console' } });
      if (answer) context.refreshNow();
    },
  }, paused ? 'Resume' : 'Pause');
}
