/**
 * A generated contacts CSV for the CRM benchmark: Indonesian and US people with unique emails,
 * +62 and +1 phones, companies (some needing CSV quotes), cities with their province or state,
 * tags, lifecycle stages and lead sources. Deterministic (a seeded PRNG), written as a stream so a
 * million rows never sit in memory.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** The header row, named as HubSpot/Google exports name them so the import maps every column on its own. */
export const HEADER = ['First Name', 'Last Name', 'Email', 'Phone', 'Company', 'Job Title', 'City', 'State', 'Country', 'Tags', 'Lifecycle Stage', 'Lead Source'];

export const ID_FIRST = ['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Andi', 'Putri', 'Eko', 'Sri', 'Yusuf', 'Wahyu', 'Indah', 'Bambang', 'Fitri', 'Hendra', 'Ayu', 'Rizky', 'Nur', 'Dian', 'Fajar', 'Lestari', 'Joko', 'Ratna', 'Taufik', 'Wulan', 'Gilang', 'Mega', 'Arief', 'Kartika', 'Surya', 'Intan', 'Bayu', 'Anisa', 'Hadi', 'Melati', 'Dimas', 'Nadia', 'Irfan', 'Citra', 'Galih'];
export const ID_LAST = ['Rahayu', 'Santoso', 'Lestari', 'Wijaya', 'Hidayat', 'Saputra', 'Pratama', 'Kusuma', 'Setiawan', 'Nugroho', 'Wibowo', 'Siregar', 'Nasution', 'Harahap', 'Simanjuntak', 'Gunawan', 'Susanto', 'Halim', 'Tanjung', 'Purnomo', 'Sari', 'Hakim', 'Permana', 'Utomo', 'Firmansyah', 'Ramadhan', 'Syahputra', 'Manurung', 'Sihombing', 'Lubis', 'Pangaribuan', 'Suryadi', 'Kurniawan', 'Hartono', 'Suharto', 'Effendi', 'Maulana', 'Fauzi', 'Anggraini', 'Wardhana'];
export const US_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Daniel', 'Emily', 'Matthew', 'Ashley', 'Anthony', 'Amanda', 'Mark', 'Melissa', 'Steven', 'Rebecca'];
export const US_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Carter'];

const ID_CITIES: [string, string][] = [['Jakarta', 'DKI Jakarta'], ['Surabaya', 'Jawa Timur'], ['Bandung', 'Jawa Barat'], ['Medan', 'Sumatera Utara'], ['Semarang', 'Jawa Tengah'], ['Makassar', 'Sulawesi Selatan'], ['Denpasar', 'Bali'], ['Yogyakarta', 'DI Yogyakarta'], ['Palembang', 'Sumatera Selatan'], ['Balikpapan', 'Kalimantan Timur'], ['Malang', 'Jawa Timur'], ['Bekasi', 'Jawa Barat'], ['Tangerang', 'Banten'], ['Pekanbaru', 'Riau'], ['Manado', 'Sulawesi Utara']];
const US_CITIES: [string, string][] = [['New York', 'NY'], ['Los Angeles', 'CA'], ['Chicago', 'IL'], ['Houston', 'TX'], ['Detroit', 'MI'], ['Seattle', 'WA'], ['Boston', 'MA'], ['Austin', 'TX'], ['Denver', 'CO'], ['Atlanta', 'GA'], ['Miami', 'FL'], ['San Francisco', 'CA']];
const ID_CO_WORDS = ['Maju', 'Jaya', 'Abadi', 'Sentosa', 'Makmur', 'Sejahtera', 'Nusantara', 'Mandiri', 'Karya', 'Sinar', 'Mulia', 'Bumi', 'Cahaya', 'Prima', 'Sukses', 'Indah', 'Global', 'Teknologi', 'Niaga', 'Lestari'];
const US_CO_WORDS = ['Summit', 'Harbor', 'Pioneer', 'Granite', 'Liberty', 'Evergreen', 'Atlas', 'Beacon', 'Cedar', 'Frontier', 'Keystone', 'Meridian', 'Northwind', 'Redwood', 'Sterling', 'Vertex'];
const US_CO_KINDS = ['Partners LLC', 'Inc.', 'Group', 'Labs', 'Holdings, Inc.', 'Solutions', 'Logistics', 'Health'];
const TITLES = ['Marketing Manager', 'Sales Director', 'Owner', 'CEO', 'CTO', 'Procurement Officer', 'Account Executive', 'HR Manager', 'Finance Manager', 'Operations Lead', 'Software Engineer', 'Direktur Utama', 'Manajer Pemasaran', 'Staf Pengadaan', ''];
const TAGS = ['vip', 'newsletter', 'webinar-2024', 'partner', 'reseller', 'enterprise', 'smb', 'jakarta-expo', 'trial', 'churn-risk'];
const STAGES = ['lead', 'subscriber', 'mql', 'sql', 'opportunity', 'customer'];
const SOURCES = ['Website', 'Webinar', 'Referral', 'Trade Show', 'Instagram', 'LinkedIn', 'WhatsApp', 'Cold Call'];
const ID_MAIL = ['gmail.com', 'yahoo.co.id', 'outlook.com', 'kodepos-mail.example'];
const US_MAIL = ['gmail.com', 'outlook.com', 'icloud.com', 'example.com'];

/** mulberry32: small, fast and seedable, so every run writes the same file. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rnd() * 10);
  return s;
}

/** One data row (the cells, unquoted) of row number `i` (0-based). */
export function makeRow(rnd: () => number, i: number): string[] {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const indonesian = rnd() < 0.7;
  const first = pick(indonesian ? ID_FIRST : US_FIRST);
  const last = pick(indonesian ? ID_LAST : US_LAST);
  const email = `${first}.${last}.${i.toString(36)}@${pick(indonesian ? ID_MAIL : US_MAIL)}`.toLowerCase();
  const phone = indonesian
    ? rnd() < 0.8
      ? `+62 8${1 + Math.floor(rnd() * 8)}${digits(rnd, 1)}-${digits(rnd, 4)}-${digits(rnd, 4)}`
      : `+62 21 ${digits(rnd, 4)} ${digits(rnd, 4)}`
    : `+1 (${2 + Math.floor(rnd() * 8)}${digits(rnd, 2)}) 555-${digits(rnd, 4)}`;
  // About 18,000 distinct companies, so most rows link to one the import has already created.
  const company = indonesian
    ? `${rnd() < 0.8 ? 'PT' : 'CV'} ${pick(ID_CO_WORDS)} ${pick(ID_CO_WORDS)} ${pick(ID_CO_WORDS)}`
    : `${pick(US_CO_WORDS)} ${pick(US_CO_WORDS)} ${pick(US_CO_KINDS)}`;
  const [city, state] = pick(indonesian ? ID_CITIES : US_CITIES);
  const tagCount = Math.floor(rnd() * 3);
  const tags = [...new Set(Array.from({ length: tagCount }, () => pick(TAGS)))].join(', ');
  return [first, last, email, phone, rnd() < 0.9 ? company : '', pick(TITLES), city, state, indonesian ? 'Indonesia' : 'United States', tags, pick(STAGES), pick(SOURCES)];
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

/** Writes `rows` data rows (plus the header) to `path`, streaming; returns the file's size in bytes. */
export async function generateCsv(path: string, rows: number, seed = 20240817): Promise<number> {
  const rnd = prng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let chunk = `${HEADER.map(cell).join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${makeRow(rnd, i).map(cell).join(',')}\n`;
    if (chunk.length > 256 * 1024) {
      bytes += Buffer.byteLength(chunk);
      await write(out, chunk);
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  await write(out, chunk);
  await close(out);
  return bytes;
}

export interface Part {
  path: string;
  rows: number;
  bytes: number;
}
