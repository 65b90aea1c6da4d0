import { app } from './app';
import { auth } from './auth';
import { common } from './common';
import { settings } from './settings';

export const en = { common, auth, app, settings };
