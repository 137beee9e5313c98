// The theming example: the form sets the widget's attributes and --ccw-* properties, shows the markup and CSS
// that produce the same look, and keeps the choices in the address (?theme=dark&language=ar&…).
const form = document.getElementById('controls');
const widget = document.getElementById('widget');
const GREETING = {
  en: 'Hi! I am the Northwind assistant. Ask me about our plans, or press Start call and talk.',
  ar: 'مرحباً! أنا مساعد نورثويند. اسألني عن خططنا، أو اضغط «بدء المكالمة» وتحدّث.',
};
const FIELDS = ['theme', 'language', 'position', 'accent', 'radius', 'font'];

function choices() {
  const data = new FormData(form);
  return Object.fromEntries(FIELDS.map((name) => [name, String(data.get(name) ?? '')]));
}

function apply() {
  const c = choices();
  widget.setAttribute('theme', c.theme);
  widget.setAttribute('language', c.language);
  widget.setAttribute('position', c.position);
  widget.setAttribute('greeting', GREETING[c.language] ?? GREETING.en);
  // Right to left mirrors the corner; the page moves its form out of the open panel's way.
  const left = (c.position === 'bottom-left') !== (c.language === 'ar');
  document.body.dataset.widgetSide = left ? 'left' : 'right';
  const css = [];
  const set = (name, value) => {
    if (value) {
      widget.style.setProperty(name, value);
      css.push(`  ${name}: ${value};`);
    } else widget.style.removeProperty(name);
  };
  set('--ccw-accent', c.accent);
  // Text on the accent: the dark theme's default is dark (for its light blue), which these deep colours need white.
  set('--ccw-accent-contrast', c.accent ? '#ffffff' : '');
  set('--ccw-radius', c.radius === '16' ? '' : `${c.radius}px`);
  set('--ccw-font', c.font);
  form.elements.namedItem('radiusOut').value = `${c.radius}px`;

  const attrs = [`theme="${c.theme}"`, `language="${c.language}"`];
  if (c.position !== 'bottom-right') attrs.push(`position="${c.position}"`);
  document.getElementById('markup').textContent =
    `<script src="${location.origin}/widget/call-center-widget.js" async></script>\n` +
    `<call-center-widget server-url="${location.origin}"\n  ${attrs.join('\n  ')}></call-center-widget>`;
  document.getElementById('css').textContent = css.length ? `call-center-widget {\n${css.join('\n')}\n}` : '/* the defaults: nothing to add */';

  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(c)) if (value && !isDefault(name, value)) query.set(name, value);
  history.replaceState(null, '', query.size ? `?${query}` : location.pathname);
}

function isDefault(name, value) {
  return { theme: 'light', language: 'en', position: 'bottom-right', radius: '16' }[name] === value;
}

// Choices from the address: ?theme=dark&language=ar&position=bottom-left&accent=%23047857&radius=8
for (const [name, value] of new URLSearchParams(location.search)) {
  const field = form.elements.namedItem(name);
  if (field instanceof RadioNodeList) {
    for (const radio of field) radio.checked = radio.value === value;
  } else if (field instanceof HTMLInputElement) field.value = value;
}
form.addEventListener('input', apply);
apply();
