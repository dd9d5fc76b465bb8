/**
 * Roughly the middle of each of the 34 provinces (since 1 July 2025), in degrees, for the small
 * dot map on a stamp's page (issue 15): enough to show where in the country a harvest comes from,
 * not to navigate by. The address package has no coordinates; these were read off a map.
 */
export const PROVINCE_POINTS: Readonly<Record<string, readonly [lat: number, lon: number]>> = {
  "01": [21.03, 105.7],
  "04": [22.7, 106.1],
  "08": [22.3, 105.1],
  "11": [21.7, 102.95],
  "12": [22.3, 103.2],
  "14": [21.2, 104.0],
  "15": [22.1, 104.2],
  "19": [21.9, 105.85],
  "20": [21.8, 106.6],
  "22": [21.1, 107.3],
  "24": [21.3, 106.4],
  "25": [21.0, 105.2],
  "31": [20.9, 106.5],
  "33": [20.6, 106.2],
  "37": [20.3, 106.0],
  "38": [20.0, 105.4],
  "40": [19.2, 104.9],
  "42": [18.3, 105.7],
  "44": [17.2, 106.5],
  "46": [16.35, 107.5],
  "48": [15.6, 108.0],
  "51": [14.9, 108.2],
  "52": [14.0, 108.5],
  "56": [12.1, 109.0],
  "66": [12.9, 108.5],
  "68": [11.6, 107.9],
  "75": [11.3, 106.9],
  "79": [10.8, 106.7],
  "80": [10.9, 106.1],
  "82": [10.4, 105.9],
  "86": [10.0, 106.3],
  "91": [10.1, 105.0],
  "92": [9.7, 105.8],
  "96": [9.1, 105.3],
};

/** Vietnam's island districts, always on its maps: Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa). */
export const ARCHIPELAGOS = [
  { name: "Hoàng Sa", at: [16.5, 112.0] },
  { name: "Trường Sa", at: [10.0, 114.0] },
] as const;
