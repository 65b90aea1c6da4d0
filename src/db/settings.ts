import type { Db } from './db.js';

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.k.selectFrom('platform_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Sets a value only if none exists yet, and returns whichever value won (safe with many nodes). */
export async function setSettingOnce(db: Db, key: string, value: string, at: string): Promise<string> {
  await db.k
    .insertInto('platform_settings')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key)) ?? value;
}
