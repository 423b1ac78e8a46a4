-- Reserved for work in progress (0009_search); intentionally empty.
SELECT 1;
