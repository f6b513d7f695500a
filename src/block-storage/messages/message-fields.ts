/**
 * What a user message says (cinder/message/message_field.py): the action that failed and the
 * detail of why, each with its id, which make the event id and the text users read. Only those
 * Stratus writes are here.
 */
export interface MessageField {
  id: string;
  text: string;
}

export const MESSAGE_ACTIONS = {
  scheduleAllocateVolume: { id: '001', text: 'schedule allocate volume' },
} as const satisfies Record<string, MessageField>;

export const MESSAGE_DETAILS = {
  unknownError: { id: '001', text: 'An unknown error occurred.' },
  noBackendAvailable: { id: '003', text: 'Could not find any available weighted backend.' },
} as const satisfies Record<string, MessageField>;

/** The resources a message is about (Cinder's `message_field.Resource`). */
export type MessageResource = 'VOLUME' | 'VOLUME_SNAPSHOT' | 'VOLUME_BACKUP';

const textOf = (fields: Record<string, MessageField>, id: string) =>
  Object.values(fields).find((field) => field.id === id)?.text;

/** Cinder's `user_message`: `<action>:<detail>`, an unknown id read as the unknown error. */
export function userMessage(actionId: string, detailId: string): string {
  const action = textOf(MESSAGE_ACTIONS, actionId) ?? actionId;
  const detail = textOf(MESSAGE_DETAILS, detailId) ?? MESSAGE_DETAILS.unknownError.text;
  return `${action}:${detail}`;
}

/** `VOLUME_<resource>_<action id>_<detail id>`. */
export function eventId(resource: MessageResource, action: MessageField, detail: MessageField): string {
  return `VOLUME_${resource}_${action.id}_${detail.id}`;
}
