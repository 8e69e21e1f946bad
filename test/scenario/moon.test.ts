// The moon against published phases (2024): full moon 23 April 23:49 UT, new moon 8 April 18:21 UT.
import { describe, expect, it } from 'vitest';
import { moonPosition } from '../../src/scenario/index.ts';

const lat = (48 * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

describe('moonPosition', () => {
  it('is full near the published full moon and stands south around midnight', () => {
    const m = moonPosition(0, 31 + 29 + 31 + 24, 2024, lat); // 24 April 00:00 (leap year)
    expect(m.illumination).toBeGreaterThan(0.97);
    expect(Math.abs(deg(m.azimuth) - 180)).toBeLessThan(20);
    // Opposite the sun, it is up at midnight.
    expect(deg(m.elevation)).toBeGreaterThan(5);
  });

  it('is new near the published new moon', () => {
    const m = moonPosition(18 * 3600, 31 + 29 + 31 + 8, 2024, lat);
    expect(m.illumination).toBeLessThan(0.03);
  });

  it('is half lit about a week after new moon', () => {
    const m = moonPosition(12 * 3600, 31 + 29 + 31 + 15, 2024, lat); // first quarter 15 April 19:13 UT
    expect(m.illumination).toBeGreaterThan(0.35);
    expect(m.illumination).toBeLessThan(0.65);
  });
});
