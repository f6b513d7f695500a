import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { SwiftAnswer } from '../proxy/swift-call.js';

/** S3's namespace, on the root element of every answer body. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/**
 * An XML document of `root` with `content` as its children (fast-xml-parser's object form:
 * arrays repeat an element, `@_name` keys are attributes), S3's namespace on the root.
 */
export function s3Xml(root: string, content: Record<string, unknown>, namespaced = true): string {
  const element = namespaced ? { '@_xmlns': S3_NAMESPACE, ...content } : content;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: element }) as string}`;
}

/** A 200 (or `status`) answer carrying an S3 XML document. */
export function xmlAnswer(
  root: string,
  content: Record<string, unknown>,
  status = 200,
  headers: Record<string, string> = {},
): SwiftAnswer {
  return { status, headers: { ...headers, 'content-type': 'application/xml' }, body: s3Xml(root, content) };
}

/** A request body's XML as an object (values as strings); throws on text that is not XML. */
export function parseS3Xml(text: string): Record<string, unknown> {
  return parser.parse(text, true) as Record<string, unknown>;
}
