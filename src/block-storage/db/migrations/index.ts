import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';

/** The block storage service's migrations, in order. */
export const blockStorageMigrations: Migrations = {
  '001-initial': initial,
};
