// Tag.N.Key / Tag.N.Value parameters (N from 1 to 20): a new group's tags, or a filter.

import { ApiError } from './errors.mjs';

const MAX_TAGS = 20;
const TAG_PARAM = /^Tag\.([1-9][0-9]*)\.(Key|Value)$/;
const RESERVED = /^(aliyun|acs:)|https?:\/\//;

function checkTag(n, { Key: key, Value: value }) {
  if (!key || [...key].length > 64 || RESERVED.test(key)) {
    throw new ApiError(400, 'InvalidTagKey', `The specified Tag.${n}.Key is invalid: it should be 1 to 64 characters, not start with aliyun or acs: and not hold http:// or https://.`);
  }
  if (value !== undefined && ([...value].length > 128 || RESERVED.test(value))) {
    throw new ApiError(400, 'InvalidTagValue', `The specified Tag.${n}.Value is invalid: it should be at most 128 characters, not start with aliyun or acs: and not hold http:// or https://.`);
  }
  return { TagKey: key, TagValue: value };
}

/**
 * The tags in `params`, by N: [{ TagKey, TagValue }], TagValue undefined where no
 * Tag.N.Value is given. A key given twice is an InvalidTagKey (the docs do not say).
 */
export function readTags(params) {
  const byN = new Map();
  for (const [name, value] of params) {
    const m = TAG_PARAM.exec(name);
    if (!m) continue;
    const n = Number(m[1]);
    if (n > MAX_TAGS) throw new ApiError(400, 'TagCountLimit', `At most ${MAX_TAGS} tags can be given (Tag.1 to Tag.${MAX_TAGS}).`);
    byN.set(n, { ...byN.get(n), [m[2]]: value });
  }
  const tags = [...byN].sort(([a], [b]) => a - b).map(([n, tag]) => checkTag(n, tag));
  const keys = new Set(tags.map((t) => t.TagKey));
  if (keys.size !== tags.length) throw new ApiError(400, 'InvalidTagKey', 'A tag key is given more than once.');
  return tags;
}

/** Whether `tags` hold every tag of `filter` (a filter tag without a value matches any). */
export const hasTags = (tags, filter) => filter.every((f) => tags.some((t) => t.TagKey === f.TagKey
  && (f.TagValue === undefined || t.TagValue === f.TagValue)));
