import type { Microversion } from '../../common/http/microversion.js';
import type { TransferRow } from '../transfers/transfer-records.js';
import type { CreatedTransfer } from '../transfers/volume-transfers.js';
import { cinderTime, type LinkBase } from './views/volumes.js';

/** Both URLs of the API share one view, whose links name `os-volume-transfer` (Cinder's collection). */
export const TRANSFER_COLLECTION = 'os-volume-transfer';

function transferLinks(links: LinkBase, id: string): Array<{ rel: string; href: string }> {
  const project = links.urlProject ? `/${links.urlProject}` : '';
  return [
    { rel: 'self', href: `${links.baseUrl}/v3${project}/${TRANSFER_COLLECTION}/${id}` },
    { rel: 'bookmark', href: `${links.baseUrl}${project}/${TRANSFER_COLLECTION}/${id}` },
  ];
}

/** Index lists and the accept answer: id, volume, name, links. */
export function transferSummary(transfer: TransferRow, links: LinkBase) {
  return {
    id: transfer.id,
    volume_id: transfer.volume_id,
    name: transfer.name,
    links: transferLinks(links, transfer.id),
  };
}

/** Show and detail lists; `no_snapshots` from 3.55, the transfer's history from 3.57. */
export function transferDetail(transfer: TransferRow, links: LinkBase, version: Microversion) {
  const view: Record<string, unknown> = {
    id: transfer.id,
    created_at: cinderTime(transfer.created_at),
    name: transfer.name,
    volume_id: transfer.volume_id,
    links: transferLinks(links, transfer.id),
  };
  if (version.atLeast('3.55')) view.no_snapshots = transfer.no_snapshots === 1;
  if (version.atLeast('3.57')) {
    view.destination_project_id = transfer.destination_project_id;
    view.source_project_id = transfer.source_project_id;
    view.accepted = transfer.accepted === 1;
  }
  return view;
}

/** The create answer: the detail with the auth key, shown this once. */
export function createdTransferView(transfer: CreatedTransfer, links: LinkBase, version: Microversion) {
  const { links: transferLinksOf, ...detail } = transferDetail(transfer, links, version);
  return { ...detail, auth_key: transfer.authKey, links: transferLinksOf };
}
