import { Random, hashWords } from './random.ts';
import { symbolKey, symbolProfile } from './symbol-profile.ts';

export interface SyntheticStockInfo {
  readonly symbol: string;
  readonly companyName: string;
  readonly sector: string;
  readonly industry: string;
  readonly marketCap: number;
  readonly country: 'US';
  readonly currency: 'USD';
  readonly exchange: 'NASDAQ' | 'NYSE';
}

interface SectorEntry {
  readonly sector: string;
  /** Relative frequency among US listings, roughly. */
  readonly weight: number;
  readonly industries: readonly { readonly name: string; readonly suffixes: readonly string[] }[];
}

/** GICS-style sectors with a few industries each and company-name endings typical for them. */
const SECTORS: readonly SectorEntry[] = [
  {
    sector: 'Technology',
    weight: 16,
    industries: [
      { name: 'Software - Application', suffixes: ['Software Inc.', 'Technologies Inc.', 'Systems Inc.'] },
      { name: 'Software - Infrastructure', suffixes: ['Networks Inc.', 'Technologies Corp.', 'Cloud Inc.'] },
      { name: 'Semiconductors', suffixes: ['Semiconductor Corp.', 'Microsystems Inc.', 'Devices Inc.'] },
      { name: 'Computer Hardware', suffixes: ['Computing Inc.', 'Systems Corp.'] },
    ],
  },
  {
    sector: 'Healthcare',
    weight: 14,
    industries: [
      { name: 'Biotechnology', suffixes: ['Therapeutics Inc.', 'Biosciences Inc.', 'Bio Inc.'] },
      { name: 'Drug Manufacturers - Specialty & Generic', suffixes: ['Pharmaceuticals Inc.', 'Pharma Corp.'] },
      { name: 'Medical Devices', suffixes: ['Medical Inc.', 'Scientific Corp.', 'Surgical Inc.'] },
      { name: 'Healthcare Plans', suffixes: ['Health Inc.', 'Health Group Inc.'] },
    ],
  },
  {
    sector: 'Financial Services',
    weight: 14,
    industries: [
      { name: 'Banks - Regional', suffixes: ['Bancorp', 'Financial Corp.', 'Bankshares Inc.'] },
      { name: 'Asset Management', suffixes: ['Capital Inc.', 'Asset Management Inc.', 'Partners LP'] },
      { name: 'Insurance - Property & Casualty', suffixes: ['Insurance Group', 'Assurance Corp.'] },
      { name: 'Credit Services', suffixes: ['Financial Inc.', 'Credit Corp.'] },
    ],
  },
  {
    sector: 'Consumer Cyclical',
    weight: 11,
    industries: [
      { name: 'Specialty Retail', suffixes: ['Stores Inc.', 'Brands Inc.', 'Retail Corp.'] },
      { name: 'Restaurants', suffixes: ['Restaurants Inc.', 'Kitchen Inc.'] },
      { name: 'Auto Parts', suffixes: ['Automotive Inc.', 'Motor Parts Corp.'] },
      { name: 'Apparel Retail', suffixes: ['Apparel Inc.', 'Outfitters Inc.'] },
    ],
  },
  {
    sector: 'Industrials',
    weight: 12,
    industries: [
      { name: 'Aerospace & Defense', suffixes: ['Aerospace Corp.', 'Defense Systems Inc.'] },
      { name: 'Specialty Industrial Machinery', suffixes: ['Industries Inc.', 'Machinery Corp.'] },
      { name: 'Trucking', suffixes: ['Logistics Inc.', 'Freight Corp.', 'Transport Inc.'] },
      { name: 'Engineering & Construction', suffixes: ['Engineering Group', 'Construction Inc.'] },
    ],
  },
  {
    sector: 'Communication Services',
    weight: 5,
    industries: [
      { name: 'Internet Content & Information', suffixes: ['Interactive Inc.', 'Media Inc.'] },
      { name: 'Telecom Services', suffixes: ['Communications Inc.', 'Telecom Corp.'] },
      { name: 'Entertainment', suffixes: ['Entertainment Inc.', 'Studios Inc.'] },
    ],
  },
  {
    sector: 'Consumer Defensive',
    weight: 6,
    industries: [
      { name: 'Packaged Foods', suffixes: ['Foods Inc.', 'Brands Co.'] },
      { name: 'Household & Personal Products', suffixes: ['Products Co.', 'Consumer Brands Inc.'] },
      { name: 'Grocery Stores', suffixes: ['Markets Inc.', 'Grocers Inc.'] },
    ],
  },
  {
    sector: 'Energy',
    weight: 5,
    industries: [
      { name: 'Oil & Gas E&P', suffixes: ['Energy Inc.', 'Resources Corp.', 'Petroleum Corp.'] },
      { name: 'Oil & Gas Midstream', suffixes: ['Midstream Partners LP', 'Pipeline Corp.'] },
    ],
  },
  {
    sector: 'Utilities',
    weight: 3,
    industries: [
      { name: 'Utilities - Regulated Electric', suffixes: ['Energy Corp.', 'Power & Light Co.'] },
      { name: 'Utilities - Regulated Gas', suffixes: ['Gas Co.', 'Utilities Inc.'] },
    ],
  },
  {
    sector: 'Real Estate',
    weight: 5,
    industries: [
      { name: 'REIT - Industrial', suffixes: ['Realty Trust', 'Properties Inc.'] },
      { name: 'REIT - Residential', suffixes: ['Residential Inc.', 'Communities Inc.'] },
    ],
  },
  {
    sector: 'Basic Materials',
    weight: 4,
    industries: [
      { name: 'Specialty Chemicals', suffixes: ['Chemical Corp.', 'Materials Inc.'] },
      { name: 'Steel', suffixes: ['Steel Corp.', 'Metals Inc.'] },
    ],
  },
];

const TOTAL_WEIGHT = SECTORS.reduce((sum, entry) => sum + entry.weight, 0);

const ONSETS = ['B', 'C', 'D', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'Z', 'Br', 'Cr', 'St', 'Tr', 'Gr', 'Pr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io'];
const CODAS = ['', 'n', 'r', 'x', 'l', 'm', 'nt', 'rk', 's', 'v'];
const SECOND = ['ta', 'ra', 'lo', 'nia', 'vex', 'dyne', 'gen', 'tech', 'vo', 'nix', 'ra', 'line'];

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random.uniform() * items.length)] as T;
}

/**
 * Plausible, deterministic metadata for a synthetic symbol: a made-up company name, a sector and
 * industry from a small GICS-like table (weighted roughly like US listings), the market cap of the
 * symbol's profile (price level × shares outstanding), US/USD, and NASDAQ (55 %) or NYSE.
 */
export function syntheticStockInfo(symbol: string, seed = 42): SyntheticStockInfo {
  const profile = symbolProfile(symbol, seed);
  const random = new Random(hashWords(symbolKey(seed, symbol), 11));
  let target = profile.descriptorKey * TOTAL_WEIGHT;
  let entry = SECTORS[SECTORS.length - 1] as SectorEntry;
  for (const candidate of SECTORS) {
    target -= candidate.weight;
    if (target < 0) {
      entry = candidate;
      break;
    }
  }
  const industry = pick(entry.industries, random);
  const stem = `${pick(ONSETS, random)}${pick(VOWELS, random)}${pick(CODAS, random)}${pick(SECOND, random)}`;
  const companyName = `${stem} ${pick(industry.suffixes, random)}`;
  return {
    symbol,
    companyName,
    sector: entry.sector,
    industry: industry.name,
    marketCap: Math.round(profile.marketCap),
    country: 'US',
    currency: 'USD',
    exchange: random.uniform() < 0.55 ? 'NASDAQ' : 'NYSE',
  };
}
