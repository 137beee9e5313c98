/** First names the offline engine knows in lower case (a recognizer writes "this is david", not "David"). */

/** First names in the pronunciation dictionary, common in English-speaking call centers. */
export const FIRST_NAMES: readonly string[] = [
  'john', 'sarah', 'david', 'maria', 'michael', 'emma', 'james', 'olivia', 'robert', 'sophia', 'william', 'linda',
  'thomas', 'anna', 'daniel', 'laura', 'peter', 'lisa', 'mark', 'susan', 'paul', 'karen', 'steven', 'nancy',
  'andrew', 'emily', 'kevin', 'jessica', 'brian', 'amy', 'george', 'helen', 'richard', 'rachel', 'joseph',
  'jennifer', 'charles', 'mary', 'chris', 'kate', 'ahmed', 'mohammed', 'ali', 'omar', 'fatima', 'layla', 'sam',
  'alex', 'jack', 'lucy', 'tom', 'ben', 'adam', 'eric', 'ryan', 'grace', 'julia', 'victor', 'nina', 'carlos',
];
