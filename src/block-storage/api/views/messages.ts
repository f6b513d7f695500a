import { userMessage } from '../../messages/message-fields.js';
import type { MessageRow } from '../../messages/user-messages.js';
import { cinderTime, type LinkBase } from './volumes.js';

function messageLinks(links: LinkBase, id: string): Array<{ rel: string; href: string }> {
  const project = links.urlProject ? `/${links.urlProject}` : '';
  return [
    { rel: 'self', href: `${links.baseUrl}/v3${project}/messages/${id}` },
    { rel: 'bookmark', href: `${links.baseUrl}${project}/messages/${id}` },
  ];
}

/** A message as cinder/api/v3/views/messages.py shows it: its resource only when it has one. */
export function messageView(message: MessageRow, links: LinkBase) {
  return {
    id: message.id,
    event_id: message.event_id,
    user_message: userMessage(message.action_id, message.detail_id),
    message_level: message.message_level,
    created_at: cinderTime(message.created_at),
    guaranteed_until: cinderTime(message.expires_at),
    request_id: message.request_id,
    links: messageLinks(links, message.id),
    ...(message.resource_type ? { resource_type: message.resource_type } : {}),
    ...(message.resource_uuid ? { resource_uuid: message.resource_uuid } : {}),
  };
}
