import type { Migrations } from '../../../common/db/index.js';
import { flavorsAndKeypairs } from './001-flavors-keypairs.js';
import { services } from './002-services.js';

export const computeMigrations: Migrations = {
  '001-flavors-keypairs': flavorsAndKeypairs,
  '002-services': services,
};
