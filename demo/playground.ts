/// <reference types="vite/client" />
// The theme playground: every control sets one public token (or the window's side, through
// ::part()); the page applies the resulting CSS to the live window and shows it to copy. The
// defaults come from the element's own styles, the same source as styles/tokens.css. The
// language is a preview only (the element's lang attribute), to see a theme right to left.
import { hostStyles } from '../styles/host.styles.js';
import { tokensOf } from '../styles/token-list.js';

const chat = document.querySelector('lp-chat-window')!;
const env = import.meta.env;
if (env.VITE_RELAY) chat.setAttribute('relay', env.VITE_RELAY);
if (env.VITE_ACCOUNT) chat.setAttribute('account', env.VITE_ACCOUNT);
await import('../src/index.js');

const form = document.querySelector<HTMLFormElement>('#controls')!;
const output = document.querySelector<HTMLPreElement>('#css')!;
const theme = document.querySelector<HTMLStyleElement>('#theme')!;
const copied = document.querySelector<HTMLOutputElement>('#copied')!;

type Values = Record<string, string>;
const tokens = tokensOf(hostStyles.cssText);
const light: Values = Object.fromEntries(tokens.map((t) => [t.name, t.light]));
const dark: Values = { ...light, ...Object.fromEntries(tokens.filter((t) => t.dark).map((t) => [t.name, t.dark!])) };
const PRESETS: Record<string, Values> = {
  light,
  dark,
  forest: {
    ...light,
    '--lp-color-primary': '#0b6e4f',
    '--lp-color-surface-alt': '#e7f2ec',
    '--lp-font-family': "Georgia, 'Times New Roman', serif",
    '--lp-radius-l': '8px',
    '--lp-radius-m': '8px',
  },
};

/** A colour input takes #rrggbb only: #fff becomes #ffffff. */
const hex6 = (value: string) => (/^#[0-9a-f]{3}$/i.test(value) ? `#${[...value.slice(1)].map((c) => c + c).join('')}` : value);

function controls(): (HTMLInputElement | HTMLSelectElement)[] {
  return [...form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name^="--"], select[name]:not([name=lang])')];
}

/** Puts a preset's values into the controls. */
function load(values: Values): void {
  for (const control of controls()) {
    if (control.name === 'side') control.value = 'end';
    else if (control.type === 'range') control.value = String(parseFloat(values[control.name]!));
    else if (control.type === 'color') control.value = hex6(values[control.name]!);
    else control.value = values[control.name]!;
  }
}

/** The CSS for the controls as they are: only what differs from the built-in defaults. */
function css(): string {
  const preset = (form.elements.namedItem('preset') as RadioNodeList).value;
  const declarations: string[] = [];
  let side = 'end';
  for (const control of controls()) {
    if (control.name === 'side') {
      side = control.value;
      continue;
    }
    const value = control.type === 'range' ? `${control.value}${control.dataset.unit ?? ''}` : control.value;
    const builtIn = preset === 'dark' ? dark[control.name]! : light[control.name]!;
    if (hex6(value).toLowerCase() !== hex6(builtIn).toLowerCase() || preset === 'dark') {
      declarations.push(`  ${control.name}: ${value};`);
    }
  }
  let text = declarations.length ? `lp-chat-window {\n${declarations.join('\n')}\n}\n` : '/* The built-in defaults: nothing to add. */\n';
  if (side === 'start') {
    text +=
      'lp-chat-window::part(launcher),\nlp-chat-window::part(window) {\n' +
      '  inset-inline-start: var(--lp-chat-offset, 20px);\n  inset-inline-end: auto;\n}\n';
  }
  return text;
}

function apply(): void {
  const text = css();
  theme.textContent = text;
  output.textContent = text;
  copied.value = '';
}

form.addEventListener('input', apply);
form.addEventListener('change', (e) => {
  const target = e.target as HTMLInputElement;
  if (target.name === 'lang') return chat.setAttribute('lang', target.value);
  if (target.name === 'preset') load(PRESETS[target.value]!);
  apply();
});
document.querySelector('#reset')!.addEventListener('click', () => {
  (form.querySelector<HTMLInputElement>('input[name=preset][value=light]')!).checked = true;
  load(light);
  apply();
});
document.querySelector('#copy')!.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(output.textContent ?? '');
    copied.value = 'Copied.';
  } catch {
    // No clipboard (an insecure origin, a denied permission): select it for the visitor to copy.
    getSelection()?.selectAllChildren(output);
    copied.value = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
});

load(light);
apply();
