import { ClassConstructor, plainToInstance } from 'class-transformer';
import {
  ValidationArguments,
  ValidationError,
  registerDecorator,
  ValidationOptions,
  validateSync,
} from 'class-validator';
import { isLocalDate, MAX_DATE, MIN_DATE } from './dates';
import { FieldErrors } from './domain-error';

/** A `YYYY-MM-DD` date that exists in the calendar. */
export function IsLocalDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalDate',
      target: object.constructor,
      propertyName,
      options: {
        message: `must be a real date written YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}`,
        ...options,
      },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}

/**
 * A date on or after (`after`) or before (`before`) another field's date, named in the message:
 * "must be on or after contractEnd (2027-06-30)". Compared only when both are real dates; a date
 * that is not one is reported by its own rule.
 */
function DateOrder(order: 'after' | 'before', field: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: `isOnOr${order}`,
      target: object.constructor,
      propertyName,
      constraints: [field],
      options: {
        message: (args: ValidationArguments) =>
          `must be on or ${order} ${field} (${String((args.object as Record<string, unknown>)[field])})`,
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[field];
          if (!isLocalDate(value) || !isLocalDate(other)) return true;
          return order === 'after' ? value >= other : value <= other;
        },
      },
    });
}

export const IsOnOrAfter = (field: string, options?: ValidationOptions) =>
  DateOrder('after', field, options);
export const IsOnOrBefore = (field: string, options?: ValidationOptions) =>
  DateOrder('before', field, options);

/**
 * Text of at most `max` characters as PostgreSQL counts them: code points. class-validator's
 * MaxLength leaves variation selectors out (the U+FE0F of ✔️), so text it accepts could overflow
 * a varchar column there and fail as an internal error instead of a field error.
 */
export function MaxChars(max: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'maxChars',
      target: object.constructor,
      propertyName,
      constraints: [max],
      options: { message: `must be at most ${max} characters`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          if (value.length <= max) return true;
          let count = 0;
          for (const _ of value) if (++count > max) return false;
          return true;
        },
      },
    });
}

/** Set only together with another field: "needs a productName". */
export function NeedsField(field: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'needsField',
      target: object.constructor,
      propertyName,
      constraints: [field],
      options: { message: `needs a ${field}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[field];
          return value === null || value === undefined || value === '' || Boolean(other);
        },
      },
    });
}

/** Not the same as another field: "must differ from fromId". */
export function DiffersFrom(field: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'differsFrom',
      target: object.constructor,
      propertyName,
      constraints: [field],
      options: { message: `must differ from ${field}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value !== (args.object as Record<string, unknown>)[field],
      },
    });
}

/** A string with something other than spaces in it. */
export function IsNotBlank(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotBlank',
      target: object.constructor,
      propertyName,
      options: { message: 'must not be empty', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.trim() !== '' },
    });
}

function collect(errors: ValidationError[], prefix: string, into: FieldErrors): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    // One message per field: the first failing rule is the one the user needs to fix.
    if (messages.length > 0) into.add(path, messages[messages.length - 1]);
    if (error.children?.length) collect(error.children, path, into);
  }
}

/**
 * The one way input is checked: the rules declared on its class (class-validator decorators) are
 * run on what the client sent, every failure recorded under `prefix`, and the checked instance
 * returned for the rules that need the database or other fields.
 */
export function checkInput<T extends object>(
  type: ClassConstructor<T>,
  value: object,
  prefix: string,
  errors: FieldErrors,
): T {
  const input = plainToInstance(type, value);
  validateInto(input, prefix, errors);
  return input;
}

/**
 * Runs an input object's class-validator rules and records every failure under `prefix`
 * (e.g. `systems.3`), so one error can name each bad field.
 */
export function validateInto(input: object, prefix: string, into: FieldErrors): void {
  collect(validateSync(input, { forbidUnknownValues: false }), prefix, into);
}
