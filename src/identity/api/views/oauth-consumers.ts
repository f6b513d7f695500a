import type { Consumer, NewConsumer } from '../../oauth1/consumers.js';
import { entityLinks } from '../links.js';

/** A consumer as Keystone shows it; the secret only in the answer to its creation. */
export function consumerView(baseUrl: string, consumer: Consumer | NewConsumer) {
  return {
    ...consumer.extra,
    id: consumer.id,
    description: consumer.description,
    ...('secret' in consumer ? { secret: consumer.secret } : {}),
    links: entityLinks(baseUrl, `OS-OAUTH1/consumers/${consumer.id}`),
  };
}
