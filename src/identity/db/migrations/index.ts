import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';

export const identityMigrations: Migrations = {
  '001-initial': initial,
};
