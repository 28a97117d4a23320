// lib/paste.ts: Word's structure made readable for the editor, its styling left to be dropped.
import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from './paste.js';

const WORD =
  '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:Calibri}</style></head><body>' +
  '<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->' +
  '<h1>Witness statement</h1>' +
  '<p class=MsoNormal><b>Seen</b> at <span style="color:red;font-size:14pt">the market</span><o:p></o:p></p>' +
  "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>" +
  "<span style='font-family:Symbol'>·<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>Grey cap<o:p></o:p></p>" +
  "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]>" +
  "<span style='font-family:Symbol'>·<span>&nbsp; </span></span><![endif]>Scar on the eyebrow<o:p></o:p></p>" +
  "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span>1.<span>&nbsp; </span></span><![endif]>Call the school</p>" +
  '</body></html>';

describe('cleanPastedHtml', () => {
  it('turns Word list paragraphs into lists, bulleted or numbered by their marker', () => {
    const out = cleanPastedHtml(WORD);
    expect(out).toContain('<ul><li><p>Grey cap</p></li><li><p>Scar on the eyebrow</p></li></ul>');
    expect(out).toContain('<ol><li><p>Call the school</p></li></ol>');
  });
  it('drops what would come through as text: conditional comments, style blocks, o:p', () => {
    const out = cleanPastedHtml(WORD);
    expect(out).not.toMatch(/<style|OfficeDocumentSettings|<o:p|supportLists|endif/);
    expect(out).toContain('<h1>Witness statement</h1>');
    expect(out).toContain('<b>Seen</b>');
  });
  it('leaves HTML from elsewhere alone', () => {
    const html = '<p>Plain <em>text</em></p><!-- keep -->';
    expect(cleanPastedHtml(html)).toBe(html);
  });
});
