-- Reserved for work in progress (0006_bank); intentionally empty.
SELECT 1;
