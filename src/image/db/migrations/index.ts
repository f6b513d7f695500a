import type { Migrations } from '../../../common/db/index.js';
import { images } from './001-images.js';

export const imageMigrations: Migrations = {
  '001-images': images,
};
