import type { QosSpecsRecord } from '../../qos/qos-specs.js';

/** Cinder's QoS specs view: the specs apart from their consumer. */
export function qosSpecsView(qos: QosSpecsRecord) {
  return { id: qos.id, name: qos.name, consumer: qos.consumer, specs: qos.specs };
}

/**
 * The `self` (under the version) and `bookmark` (without it) links of a QoS specs, with the
 * project when the request URL had it.
 */
export function qosSpecsLinks(apiRoot: string, baseUrl: string, id: string) {
  const bookmarkRoot = baseUrl + apiRoot.slice(`${baseUrl}/v3`.length);
  return [
    { rel: 'self', href: `${apiRoot}/qos-specs/${id}` },
    { rel: 'bookmark', href: `${bookmarkRoot}/qos-specs/${id}` },
  ];
}
