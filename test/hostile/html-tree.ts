/**
 * Parse the HTML that renderHtml writes, strictly, with saxes (already a dev dependency,
 * an XML parser): the template writes well-formed markup except HTML's void elements,
 * which are closed first. A strict XML parser is stricter than a browser: an unescaped
 * `<` or `&` from user text is a parse error here, and an element that came from user
 * text shows up as an element.
 */
import { SaxesParser } from 'saxes';

/** What the document consists of. */
export interface HtmlTree {
  /** every element name, in document order */
  elements: string[];
  /** every attribute as `element@name=value` */
  attributes: string[];
  /** the text directly inside each element, entity references decoded */
  texts: string[];
}

const VOID = /<(meta|link|br|hr|img|col|input|wbr)\b([^>]*?)\/?>/g;

/** Parse; throws on any well-formedness error. */
export function parseHtml(html: string): HtmlTree {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const tree: HtmlTree = { elements: [], attributes: [], texts: [] };
  const stack: string[][] = [];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    tree.elements.push(tag.name);
    for (const [k, v] of Object.entries(tag.attributes)) tree.attributes.push(`${tag.name}@${k}=${String(v)}`);
    stack.push([]);
  });
  parser.on('text', (t) => stack[stack.length - 1]?.push(t));
  parser.on('closetag', () => {
    const parts = stack.pop() ?? [];
    if (parts.length > 0) tree.texts.push(parts.join(''));
  });
  parser.write(html.replace(VOID, '<$1$2/>')).close();
  if (error) throw error;
  return tree;
}
