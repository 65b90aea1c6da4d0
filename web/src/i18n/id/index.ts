import { app } from './app';
import { auth } from './auth';
import { common } from './common';
import { settings } from './settings';

export const id = { common, auth, app, settings };
