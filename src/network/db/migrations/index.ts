import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';

/** The network service's migrations, in order. */
export const networkMigrations: Migrations = {
  '001-initial': initial,
};
