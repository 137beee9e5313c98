// The site's own buttons talk to the widget through its pre-load queue (README, "For developers"): they work
// even when clicked before the widget script has loaded.
window.CallCenterWidget = window.CallCenterWidget || [];

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-widget], [data-ask]') : null;
  if (!button) return;
  const question = button.getAttribute('data-ask');
  if (question) window.CallCenterWidget.push(['open'], ['sendMessage', question]);
  else window.CallCenterWidget.push([button.getAttribute('data-widget')]);
});
