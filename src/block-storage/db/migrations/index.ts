import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';
import { messages } from './002-messages.js';

/** The block storage service's migrations, in order. */
export const blockStorageMigrations: Migrations = {
  '001-initial': initial,
  '002-messages': messages,
};
