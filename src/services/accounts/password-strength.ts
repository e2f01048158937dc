import { type TranslationKeys, ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { DomainError } from "../../domain/errors.js";

/** zxcvbn's 0–4 score; 3 means "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * English texts for zxcvbn's feedback keys (the package ships only the keys; the English pack is
 * not a dependency). Each is a short phrase, used inside a field message.
 */
const TRANSLATIONS: TranslationKeys = {
  warnings: {
    straightRow: "straight rows of keys are easy to guess",
    keyPattern: "short keyboard patterns are easy to guess",
    simpleRepeat: 'repeated characters like "aaa" are easy to guess',
    extendedRepeat: 'repeated patterns like "abcabcabc" are easy to guess',
    sequences: 'sequences like "abc" are easy to guess',
    recentYears: "recent years are easy to guess",
    dates: "dates are easy to guess",
    topTen: "this is a heavily used password",
    topHundred: "this is a frequently used password",
    common: "this is a commonly used password",
    similarToCommon: "this is similar to a commonly used password",
    wordByItself: "single words are easy to guess",
    namesByThemselves: "single names or surnames are easy to guess",
    commonNames: "common names and surnames are easy to guess",
    userInputs: "it contains your name or email address",
    pwned: "this password appeared in a data breach",
  },
  suggestions: {
    l33t: "avoid predictable substitutions like @ for a",
    reverseWords: "avoid common words spelled backwards",
    allUppercase: "capitalize some, but not all letters",
    capitalization: "capitalize more than the first letter",
    dates: "avoid dates and years associated with you",
    recentYears: "avoid recent years",
    associatedYears: "avoid years associated with you",
    sequences: "avoid common character sequences",
    repeated: "avoid repeated words and characters",
    longerKeyboardPattern: "use longer keyboard patterns that change direction",
    anotherWord: "add more words that are less common",
    useWords: "use several words, but avoid common phrases",
    noNeed: "symbols, digits and capitals are not needed",
    pwned: "do not use a password you use elsewhere",
  },
  timeEstimation: {
    ltSecond: "less than a second",
    second: "a second",
    seconds: "seconds",
    minute: "a minute",
    minutes: "minutes",
    hour: "an hour",
    hours: "hours",
    day: "a day",
    days: "days",
    month: "a month",
    months: "months",
    year: "a year",
    years: "years",
    centuries: "centuries",
  },
};

// Built once per process: loading the dictionaries takes tens of milliseconds.
let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations: TRANSLATIONS });
  return estimator;
}

/** Whose password it is: their email and name make a guess easier, so they count against it. */
export interface PasswordOwner {
  email: string;
  name: string;
}

/**
 * Refuses a password an attacker would guess early: common and breached-style passwords, keyboard
 * patterns, dates, repeats, and the owner's own email or name. A 400 on `password` with zxcvbn's
 * feedback. Length bounds are the request schema's; this runs only on a valid-length password.
 */
export function assertStrongPassword(password: string, owner: PasswordOwner): void {
  const [localPart = ""] = owner.email.split("@");
  const inputs = [owner.email, localPart, owner.name, ...owner.name.split(/\s+/)].filter((s) => s !== "");
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (text): text is string => typeof text === "string" && text !== "",
  );
  const why = advice.length > 0 ? advice.join("; ") : "add more words that are less common";
  throw new DomainError("invalid_input", "The password is too easy to guess.", {
    fields: [{ path: "password", message: `is too easy to guess: ${why}` }],
  });
}
