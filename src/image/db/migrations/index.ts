import type { Migrations } from '../../../common/db/index.js';
import { images } from './001-images.js';
import { metadefs } from './002-metadefs.js';

export const imageMigrations: Migrations = {
  '001-images': images,
  '002-metadefs': metadefs,
};
