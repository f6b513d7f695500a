import type { Migrations } from '../../../common/db/index.js';
import { flavorsAndKeypairs } from './001-flavors-keypairs.js';

export const computeMigrations: Migrations = {
  '001-flavors-keypairs': flavorsAndKeypairs,
};
