import { FieldErrors } from '../../common/domain-error';
import { checkLeadDays } from './alert-subscription.input';

const errorsOf = (leadDays: number[]) => {
  const errors = new FieldErrors();
  checkLeadDays(leadDays, 'input.leadDays', errors);
  return errors.list;
};

describe(checkLeadDays.name, () => {
  it('accepts distinct whole days from 1 to 1095, in any order', () => {
    expect(errorsOf([30, 1095, 1, 365])).toEqual([]);
  });

  it('names each bad position with what is wrong there', () => {
    expect(errorsOf([0, 30, 1096, 30, 2.5, 30])).toEqual([
      { path: 'input.leadDays.0', message: 'must be a whole number of days from 1 to 1095' },
      { path: 'input.leadDays.2', message: 'must be a whole number of days from 1 to 1095' },
      { path: 'input.leadDays.3', message: 'repeats 30' },
      { path: 'input.leadDays.4', message: 'must be a whole number of days from 1 to 1095' },
      { path: 'input.leadDays.5', message: 'repeats 30' },
    ]);
  });
});
