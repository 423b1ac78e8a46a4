-- Reserved for work in progress (0004_money_in); intentionally empty.
SELECT 1;
