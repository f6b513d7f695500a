import type { Migrations } from '../../../common/db/index.js';
import { initial } from './001-initial.js';
import { candidatesIndexes } from './002-candidates-indexes.js';

export const placementMigrations: Migrations = {
  '001-initial': initial,
  '002-candidates-indexes': candidatesIndexes,
};
