import { GraphQLError } from 'graphql';
import { formatError } from './format-error';

describe(formatError.name, () => {
  const rejected = new GraphQLError('Variable "$g" got invalid value "CATEGORI"; …', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
  const fieldErrors = [
    {
      path: 'input.groupBy',
      message:
        'Value "CATEGORI" does not exist in "ClusterGrouping" enum. Did you mean the enum value "CATEGORY"?',
    },
  ];
  const formatted = {
    message: rejected.message,
    extensions: { code: 'BAD_USER_INPUT', fieldErrors },
  };

  it('keeps the field errors an error carries', () => {
    expect(formatError(false)(formatted, rejected).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors,
    });
  });

  it('keeps suggestions in field errors to itself in production', () => {
    expect(formatError(true)(formatted, rejected).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          path: 'input.groupBy',
          message: 'Value "CATEGORI" does not exist in "ClusterGrouping" enum.',
        },
      ],
    });
  });
});
