import { isGroupMembershipError } from '../../../tasks/kafka/errors';

const protocol = (type: string) => Object.assign(new Error(type), { type });

describe('isGroupMembershipError', () => {
  it.each([
    ['UNKNOWN_MEMBER_ID', protocol('UNKNOWN_MEMBER_ID'), true],
    ['ILLEGAL_GENERATION', protocol('ILLEGAL_GENERATION'), true],
    ['REBALANCE_IN_PROGRESS', protocol('REBALANCE_IN_PROGRESS'), true],
    ['wrapped after retries', new Error('retries exceeded', { cause: protocol('UNKNOWN_MEMBER_ID') }), true],
    ['a broker error', protocol('NOT_LEADER_FOR_PARTITION'), false],
    ['a plain error', new Error('boom'), false],
    ['nothing', undefined, false],
  ])('%s -> %p', (_name, err, want) => {
    expect(isGroupMembershipError(err)).toBe(want);
  });
});
