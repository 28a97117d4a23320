import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The partner sites' one-line embed (issue 20: "one `<script>` or an `<iframe>`"):
 *
 *   <script src="https://SERVER/public/assets/embed.js" data-country="GT" async></script>
 *   <script src="https://SERVER/public/assets/embed.js" data-lat="14.6" data-lon="-90.5" data-radius-km="50" data-lang="es" async></script>
 *
 * On the partner's page it puts the widget's frame (/public/GT/widget or /public/area/widget) right after
 * itself, titled for screen readers, and sizes the frame to the height the widget reports. Inside the
 * widget's frame the same file reports that height to the partner page whenever it changes. Only a height
 * crosses between the two; the partner page's listener takes it from the frame it made, from this origin.
 */
export const EMBED_JS = `(function () {
  var me = document.currentScript;
  if (!me) return;
  var body = document.body;
  if (body && body.classList.contains('widget') && window.parent !== window) {
    var last = 0;
    var report = function () {
      var s = getComputedStyle(body);
      var h = Math.ceil(body.getBoundingClientRect().height + parseFloat(s.marginTop) + parseFloat(s.marginBottom));
      if (h === last) return;
      last = h;
      window.parent.postMessage({ homewardWidget: 1, height: h }, '*');
    };
    report();
    window.addEventListener('load', report);
    if (window.ResizeObserver) new ResizeObserver(report).observe(body);
    return;
  }
  var base = new URL(me.src, location.href).origin;
  var d = me.dataset;
  var q = [];
  var path;
  var num = /^-?\\d+(\\.\\d+)?$/;
  if (num.test(d.lat || '') && num.test(d.lon || '')) {
    path = '/public/area/widget';
    q.push('lat=' + d.lat, 'lon=' + d.lon, 'radiusKm=' + (num.test(d.radiusKm || '') ? d.radiusKm : '50'));
  } else if (/^[A-Za-z]{2}$/.test(d.country || '')) {
    path = '/public/' + d.country.toUpperCase() + '/widget';
  } else {
    if (window.console) console.warn('Homeward embed: set data-country="GT", or data-lat and data-lon');
    return;
  }
  var lang = (d.lang || document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
  var titles = { en: 'Missing children', es: 'Niños desaparecidos', fr: 'Enfants disparus', pt: 'Crianças desaparecidas' };
  if (!titles[lang]) lang = 'en';
  if (d.lang) q.push('lang=' + lang);
  var frame = document.createElement('iframe');
  frame.src = base + path + (q.length ? '?' + q.join('&') : '');
  frame.title = d.title || titles[lang];
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.style.cssText = 'display:block;width:100%;border:0;height:' + (Number(d.height) > 0 ? Number(d.height) : 360) + 'px';
  me.parentNode.insertBefore(frame, me.nextSibling);
  window.addEventListener('message', function (e) {
    if (e.origin !== base || e.source !== frame.contentWindow || !e.data || e.data.homewardWidget !== 1) return;
    var h = Number(e.data.height);
    if (h > 0 && h < 20000) frame.style.height = h + 'px';
  });
})();
`;

@Controller('public')
export class PublicEmbedController {
  /** Loaded by partner pages of any origin, hence the cross-origin resource policy (helmet's default is same-origin). */
  @Get('assets/embed.js')
  embedJs(@Res() res: Response): void {
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.send(EMBED_JS);
  }
}
