/**
 * HTML pasted from a word processor, made into what the notes editor's schema can read (issue 18:
 * "keeps structure, drops styles"). The editor's own parser keeps headings, lists, quotes, links,
 * bold and italic (also when said by font-weight or font-style) and drops every other style, font and
 * colour; what it cannot see is Word's structure hidden in its own markup: list items are paragraphs
 * with `mso-list` styles and a typed bullet or number, and conditional comments, `<o:p>` and `<style>`
 * blocks would come through as text or empty paragraphs. String work only: the result is parsed by
 * ProseMirror's schema-bound parser, which keeps nothing the schema does not declare.
 */
export function cleanPastedHtml(html: string): string {
  if (!/mso-|urn:schemas-microsoft-com|<o:p|class="?Mso/i.test(html)) return html;
  let s = html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<xml[\s\S]*?<\/xml>/gi, '')
    .replace(/<\/?o:p[^>]*>/gi, '')
    .replace(/<\/?(meta|link)[^>]*>/gi, '');
  // A list paragraph: its marker sits in a <![if !supportLists]> block before the item; `mso-list:l1 …` names its list.
  const item = /<p[^>]*mso-list:\s*(l\d+)[^>]*>([\s\S]*?)<\/p>/gi;
  s = s.replace(/(?:<p[^>]*mso-list:[^>]*>[\s\S]*?<\/p>\s*)+/gi, (run) => {
    const lists: Array<{ id: string; ordered: boolean; items: string[] }> = [];
    for (const m of run.matchAll(item)) {
      let body = m[2]!;
      const marker = /<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/i.exec(body);
      const markerText = (marker ? marker[1]! : '')
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, ' ')
        .trim();
      body = body.replace(/<!\[if !supportLists\]>[\s\S]*?<!\[endif\]>/gi, '');
      let list = lists[lists.length - 1];
      if (!list || list.id !== m[1]) lists.push((list = { id: m[1]!, ordered: /^(\d+|[a-z]|[ivx]+)[.)]$/i.test(markerText), items: [] }));
      list.items.push(`<li><p>${body.trim()}</p></li>`);
    }
    return lists.map((l) => `<${l.ordered ? 'ol' : 'ul'}>${l.items.join('')}</${l.ordered ? 'ol' : 'ul'}>`).join('');
  });
  return s.replace(/<!\[(end)?if[^\]]*\]>/gi, '');
}
