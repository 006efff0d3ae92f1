// next/font's Google Fonts, answered locally (NEXT_FONT_GOOGLE_MOCKED_RESPONSES): the tests reach nothing
// but the npm registry. Every stylesheet URL gets one face in Google's format; with this variable set,
// next/font takes a font file's URL for its contents instead of downloading it, so the browser gets bytes
// that are no font and falls back to the system font (as the original does when Google is unreachable).
const css = `/* latin */
@font-face {
  font-family: 'Inter';
  font-style: normal;
  font-weight: 100 900;
  font-display: swap;
  src: url(https://fonts.gstatic.com/s/inter/not-downloaded.woff2) format('woff2');
  unicode-range: U+0000-00FF;
}
`;
module.exports = new Proxy({}, { get: () => css });
