/**
 * The public site's two static files, kept in code so the build ships them
 * with the server: the stylesheet (small, readable on a slow phone) and the
 * tip form's proof-of-work script (the only script of the site; the pages
 * read completely without it). A country's brand colour reaches the
 * stylesheet as the custom property --brand on <body>, the default beside
 * each use.
 */
export const PUBLIC_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fafafa}
header.site{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;padding:8px 16px;background:var(--brand,#0b3d61);color:#fff}
header.site a{color:#fff}
.brand{display:inline-flex;align-items:center;gap:10px;font-weight:700;text-decoration:none}
.logo{display:block;height:auto;max-height:40px;width:auto}
.langs ul{display:flex;gap:8px;list-style:none;margin:0;padding:0}
.langs a,.langs span{display:inline-block;padding:4px 8px;border-radius:4px}
.langs span{background:#fff;color:var(--brand,#0b3d61);font-weight:700}
main{max-width:760px;margin:0 auto;padding:16px}
.banner{display:inline-block;margin:0;padding:2px 10px;background:#b00020;color:#fff;font-weight:700;letter-spacing:.05em}
.photo{display:block;max-width:100%;height:auto;margin:12px 0;border:1px solid #ccc}
.hotline{font-size:1.15em;font-weight:700;color:#b00020}
.cards{list-style:none;padding:0}
.card{display:flex;gap:12px;align-items:center;padding:8px;margin:8px 0;background:#fff;border:1px solid #ddd}
.card h2{margin:0;font-size:1.1em}
.card p{margin:2px 0}
.tip{margin-top:24px;padding:16px;background:#fff;border:1px solid #ddd}
.tip label{display:block;font-weight:600}
.tip input,.tip textarea{width:100%;padding:8px;font:inherit}
.help,.note{font-size:.9em;color:#555}
button{padding:10px 20px;font:inherit;background:var(--brand,#0b3d61);color:#fff;border:0;border-radius:4px;cursor:pointer}
a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
body.widget main,body.widget{padding:8px}
`;

/**
 * Finds a nonce whose SHA-256 over "challenge:nonce" starts with the asked
 * number of zero bits, puts it in the form, then submits. The work costs a
 * sender a few seconds per tip and costs the server one hash to check.
 */
export const TIP_JS = `(function () {
  var form = document.getElementById('tip-form');
  if (!form || !window.crypto || !crypto.subtle) return;
  var bits = Number(form.getAttribute('data-bits')) || 0;
  var challenge = form.getAttribute('data-challenge');
  var status = form.querySelector('.status');
  var solved = false;
  function zeroBits(buf) {
    var b = new Uint8Array(buf), n = 0;
    for (var i = 0; i < b.length; i++) {
      if (b[i] === 0) { n += 8; continue; }
      for (var m = 128; m && !(b[i] & m); m >>= 1) n++;
      break;
    }
    return n;
  }
  async function solve() {
    var enc = new TextEncoder();
    for (var nonce = 0; ; nonce++) {
      var h = await crypto.subtle.digest('SHA-256', enc.encode(challenge + ':' + nonce));
      if (zeroBits(h) >= bits) return String(nonce);
    }
  }
  form.addEventListener('submit', function (e) {
    if (solved) return;
    e.preventDefault();
    var button = form.querySelector('button');
    button.disabled = true;
    status.textContent = status.getAttribute('data-working');
    solve().then(function (nonce) {
      form.querySelector('input[name=solution]').value = nonce;
      // The time seen is the sender's wall clock: say in which zone.
      try { form.querySelector('input[name=zone]').value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (err) {}
      solved = true;
      status.textContent = '';
      form.submit();
    });
  });
})();
`;
