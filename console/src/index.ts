/** The console page's script (`/console/console.js`): defines `<ccw-console>`. */
import './console-app.ts';

// The page's own margins, without an inline style (the page's CSP allows none).
const page = new CSSStyleSheet();
page.replaceSync('html, body { margin: 0; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
